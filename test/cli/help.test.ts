/** The command line's manners: version, help with examples, groups, and "did you mean" for every typo. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { commandHelp } from '../../src/cli/help.ts';
import { runLanded } from '../dns/support/cli.ts';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'landed-help-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));
const landed = (...argv: string[]) => runLanded(argv, dir);

describe('landed help', () => {
  it('--version prints the version alone', async () => {
    const r = await landed('--version');
    expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+\n$/)]);
  });

  it('help CMD and CMD --help print the same usage, with examples', async () => {
    const help = await landed('help', 'dns', 'check');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: landed dns check');
    expect(help.stdout).toContain('Examples:\n  landed dns check\n');
    expect((await landed('dns', 'check', '--help')).stdout).toBe(help.stdout);
  });

  it('every command has examples in its help', () => {
    expect(commands.filter((c) => !commandHelp(c).includes('Examples:')).map((c) => c.path.join(' '))).toEqual([]);
  });

  it('a group word alone lists its subcommands', async () => {
    for (const group of ['lab', 'dns', 'seeds', 'auth', 'config']) {
      const r = await landed(group);
      expect(r.code, group).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^landed ${group}: one of\\n {2}landed ${group} \\w+`));
    }
    expect((await landed('help', 'lab')).stdout).toContain('landed lab status');
  });

  it('an unknown command gets one line with the closest command, then the usage, exit 2', async () => {
    const r = await landed('runn');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("landed: unknown command 'runn'; did you mean 'landed run'?");
    expect(r.stderr).toContain('Usage: landed COMMAND [options]');
    expect((await landed('lab', 'upp')).stderr.split('\n')[0]).toBe("landed: unknown command 'lab upp'; did you mean 'landed lab up'?");
    expect((await landed('help', 'inspekt')).stderr.split('\n')[0]).toBe("landed: unknown command 'inspekt'; did you mean 'landed inspect'?");
  });

  it('an unknown option gets one line with the closest option, then the command usage, exit 2', async () => {
    const r = await landed('dns', 'plan', '--zone', 'x', '--record-only');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("landed dns plan: unknown option '--record-only'; did you mean '--records-only'?");
    expect(r.stderr).toContain('Usage: landed dns plan');
    expect(r.stderr).not.toContain('ERR_PARSE_ARGS');
  });
});

describe('a misspelt config', () => {
  it('names each misspelt key and provider id at file:line:column with the closest valid one', async () => {
    await writeFile(
      join(dir, 'landed.yaml'),
      ['routes:', '  m365:', '    smtp: { host: smtp.office365.com, security: starttls }', '    form: "A <a@acme.example>"', 'seeds:', '  gmail-1:', '    address: a@gmail.com', '    provider: gmial', '    imap: { auth: { pass: x } }', ''].join('\n'),
    );
    const r = await landed('plan');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("landed.yaml:4:11: routes.m365.form: unknown key 'form'; did you mean 'from'?");
    expect(r.stderr).toContain('landed.yaml:8:15: seeds.gmail-1.provider: unknown provider "gmial"; did you mean \'gmail\'?');
  });
});
