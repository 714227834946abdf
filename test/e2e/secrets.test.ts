/**
 * No secret ever leaves landed: a run with every reporter, one seed with a wrong password (whose error text
 * passes through imapflow) and the lab's real passwords; everything printed and every file written is
 * scanned for the secrets, in the forms a transcript could carry them.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { landed, tempDir, writeScenario } from './cli.ts';

let lab: Lab;
beforeAll(async () => (lab = await startLab()));
afterAll(async () => lab?.stop());

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

it('prints and writes no password, in no encoding, even when a login fails', async () => {
  const work = await tempDir('landed-secrets-');
  const wrong = 'Wr0ng-Passw0rd-For-Bulk';
  const config = join(lab.dir, 'secrets.yaml');
  const text = await readFile(lab.configFile, 'utf8');
  // bulk-1 logs in with a wrong password given through the environment, as a real user would.
  await writeFile(config, text.replace(/(bulk-1:[\s\S]*?pass: )"\$\{LAB_SEED_PASS\}"/, '$1"${BULK_PASS}"'));
  const scenario = await writeScenario(work, 'secrets', 'routes: [relay, internal]\nmessage: { subject: Secrets, text: Hello }\ntimeout: 20s\n');
  const out = join(work, 'run');
  const reporters = ['console', 'json', 'junit', 'markdown', 'html', 'github'].flatMap((r) => ['--reporter', r]);
  const summary = join(work, 'step-summary.md');
  const cli = await landed(['run', '--config', config, '--out', out, '--reports', join(work, 'reports'), scenario, ...reporters], {
    cwd: work,
    env: { BULK_PASS: wrong, GITHUB_STEP_SUMMARY: summary, LANDED_DEBUG: '1' },
  });
  expect(cli.stdout).toMatch(/bulk-1/);

  const secrets = [wrong, lab.info.passwords.relay, lab.info.passwords.seed, lab.info.passwords.bounce];
  const forms = secrets.flatMap((s) => [s, Buffer.from(s).toString('base64'), encodeURIComponent(s)]);
  const plainAuth = Object.values(lab.info.seeds).map((s) => Buffer.from(`\0${s.user}\0${s.pass}`).toString('base64'));
  const written = await Promise.all([...(await filesUnder(work))].map(async (f) => [f, await readFile(f, 'latin1')] as const));
  const haystacks: Array<readonly [string, string]> = [['stdout', cli.stdout], ['stderr', cli.stderr], ...written];
  expect(written.length).toBeGreaterThan(5);
  const hits = haystacks.flatMap(([where, text]) => [...forms, ...plainAuth].filter((f) => text.includes(f)).map(() => where));
  expect(hits).toEqual([]);
});
