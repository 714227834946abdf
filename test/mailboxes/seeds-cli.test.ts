/**
 * `landed seeds check` and `landed providers` as a user runs them: the real CLI in a child process, against
 * the lab's seeds (real Dovecot behind STARTTLS with the lab CA).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startLab, type Lab } from '../../src/lab/index.ts';
import type { SeedCheck } from '../../src/mailboxes/check.ts';
import { landed } from '../e2e/cli.ts';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.stop());

describe('landed seeds check on the lab', () => {
  it('prints every seed\'s folders, how they were found, and the capabilities, and passes', async () => {
    const cli = await landed(['seeds', 'check', '--config', lab.configFile], { cwd: lab.dir });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    for (const [id, seed] of Object.entries(lab.info.seeds)) expect(cli.stdout).toMatch(new RegExp(`^${id} \\(lab-${seed.provider}, \\S+\\): ok`, 'm'));
    // strict and bulk flag their junk folder with \Junk; the ISP has only a localized name, which its preset knows.
    expect(cli.stdout).toMatch(/^strict-1 .*\n  inbox: INBOX \(preset\)\n  junk:  Junk \(special-use\)\n  IDLE yes, SPECIAL-USE yes, X-GM-EXT-1 no$/m);
    expect(cli.stdout).toMatch(/^bulk-1 .*\n.*\n  junk:  Bulk \(special-use\)$/m);
    expect(cli.stdout).toMatch(/^isp-1 .*\n.*\n  junk:  Spamverdacht \(preset\)$/m);
    expect(cli.stdout).toMatch(/\n3 seed\(s\): 3 usable, 0 unusable\n$/);
  });

  it('names a seed with a wrong password and why, without the password, and exits 1', async () => {
    const doc = parseDocument(await readFile(lab.configFile, 'utf8'));
    const strict = doc.getIn(['seeds', 'strict-1'], true) as { toJSON(): Record<string, unknown> };
    const broken = strict.toJSON() as { imap: { auth: { pass: string } } };
    broken.imap.auth.pass = 'not-the-password-4711';
    doc.setIn(['seeds', 'broken-1'], doc.createNode(broken));
    const file = join(lab.dir, 'landed-broken-seed.yaml'); // beside landed.yaml: ./ca.pem and .env resolve
    await writeFile(file, doc.toString());

    const cli = await landed(['seeds', 'check', '--config', file], { cwd: lab.dir });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/^broken-1 \(lab-strict, \S+\): UNUSABLE\n  login refused for \S+: wrong user name or password \(server said: Authentication failed\.\)\n  what to check: check the password for broken-1/m);
    expect(cli.stdout).toMatch(/4 seed\(s\): 3 usable, 1 unusable/);
    expect(cli.stdout + cli.stderr).not.toContain('not-the-password-4711');

    const json = await landed(['seeds', 'check', '--config', file, '--seed', 'broken-1', '--json'], { cwd: lab.dir });
    const checks = JSON.parse(json.stdout) as SeedCheck[];
    expect(checks.map((c) => [c.seedId, c.ok, c.error?.code])).toEqual([['broken-1', false, 'AUTH_FAILED']]);
  });
});

describe('landed providers', () => {
  it('lists every preset the issue asks for, and shows one in full', async () => {
    const list = await landed(['providers', '--json'], { cwd: lab.dir });
    const ids = (JSON.parse(list.stdout) as Array<{ id: string }>).map((p) => p.id);
    expect(ids).toEqual(['gmail', 'google-workspace', 'outlook', 'microsoft365', 'yahoo', 'aol', 'icloud', 'gmx', 'webde', 't-online', 'zoho', 'fastmail', 'mailbox.org', 'posteo', 'proton', 'imap', 'lab-strict', 'lab-bulk', 'lab-isp']);
    const one = await landed(['providers', 'yahoo'], { cwd: lab.dir });
    expect(one.stdout).toMatch(/^yahoo: Yahoo Mail\n  imap: +imap\.mail\.yahoo\.com:993 \(tls\)/);
    expect(one.stdout).toContain('"Bulk"');
  });
});
