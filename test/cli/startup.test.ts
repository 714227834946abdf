/** `landed run` loads only its own command module (issue 18: a second of CPU at every start otherwise). */
import { describe, expect, it } from 'vitest';
import { allCommands, SOLO } from '../../src/cli/main.ts';

describe('commands loaded alone by their first word', () => {
  it('give exactly the commands the full list has under that word, so help, options and errors are the same', async () => {
    const all = await allCommands();
    for (const [word, load] of Object.entries(SOLO)) {
      const alone = await load();
      expect(alone.map((c) => c.path.join(' ')), word).toEqual(all.filter((c) => c.path[0] === word).map((c) => c.path.join(' ')));
      for (const command of alone) expect(all, word).toContain(command);
    }
    expect(Object.keys(SOLO)).toContain('run');
  });
});
