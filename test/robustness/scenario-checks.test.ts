/**
 * Findings 1 and 10, at load: every file a scenario names is checked when the scenarios load (a missing
 * attachment used to end a run after 9 probes were sent), and a seed tag no seed has is a usage error (it used
 * to run 0 probes and pass). Both are exit 2 naming the file, line and field, before anything is sent.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLanded } from '../dns/support/cli.ts';
import { project } from './support.ts';

describe('scenarios are checked whole before anything is sent', () => {
  it('an attachment that does not exist, or is not a file, is exit 2 naming the scenario line', async () => {
    const dir = project();
    writeFileSync(
      join(dir, 'scenarios', 'hello.yaml'),
      'routes: [relay]\nmessage:\n  subject: hi\n  text: hello\n  attachments:\n    - { filename: a.pdf, path: /nonexistent/invoice.pdf }\n    - { filename: b.bin, path: /dev/zero }\n    - { filename: c.txt, path: ../landed.yaml }\n',
    );
    const result = await runLanded(['run'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/hello\.yaml:6:\d+: message\.attachments\.0\.path: .*\/nonexistent\/invoice\.pdf.*not found/);
    expect(result.stderr).toMatch(/hello\.yaml:7:\d+: message\.attachments\.1\.path: .*not a regular file/);
    expect(result.stderr).not.toContain('attachments.2');
  });

  it('seeds selected by a tag no seed has: exit 2, not a run of 0 probes that passes', async () => {
    const dir = project();
    writeFileSync(join(dir, 'scenarios', 'hello.yaml'), 'routes: [relay]\nseeds: { tags: [nosuchtag] }\nmessage: { subject: hi, text: hello }\n');
    const result = await runLanded(['plan'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/hello\.yaml:2:\d+: seeds\.tags\.0: no seed has the tag "nosuchtag"/);
  });
});
