/**
 * No secret ever leaves landed, whatever a server echoes. A run with every reporter and the history, through
 * servers that echo the credentials back in their refusals (an IMAP server quoting the LOGIN arguments and
 * the OAUTHBEARER initial response, an SMTP relay quoting AUTH PLAIN), a password with IMAP-special
 * characters, an OAuth2 access token obtained at run time, and a lab seed with a wrong password. Everything
 * printed and every file written is scanned for every secret in every form a transcript could carry it.
 * Disable any redactor on these paths and this test goes red.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { startOAuthServer, type OAuthServer } from '../mailboxes/fixtures/oauth-server.ts';
import { landed, tempDir, writeScenario } from './cli.ts';
import { startEchoImap, startEchoSmtp, type EchoServer } from './support/echo-servers.ts';

let lab: Lab;
let imap: EchoServer;
let smtp: EchoServer;
let oauth: OAuthServer;
beforeAll(async () => {
  [lab, imap, smtp, oauth] = await Promise.all([startLab(), startEchoImap(), startEchoSmtp(), startOAuthServer('127.0.0.1')]);
});
afterAll(async () => Promise.all([lab?.stop(), imap?.close(), smtp?.close(), oauth?.close()]));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The forms a secret may take in a transcript: as is, quoted (IMAP, JSON), URL-encoded, and inside any base64. */
function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const base64Runs = [0, 1, 2].map((skip) => bytes.subarray(skip, skip + Math.floor((bytes.length - skip) / 3) * 3).toString('base64')).filter((r) => r.length >= 8);
  return [secret, secret.replace(/[\\"]/g, '\\$&'), JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), ...base64Runs];
}

it('prints and writes no password or token, in no form, even when servers echo them back', async () => {
  const work = await tempDir('landed-secrets-');
  const echoPass = 'Pa"ss\\wo rd$1-echo';
  const wrong = 'Wr0ng-Passw0rd-For-Bulk';
  const clientSecret = 'client-Secret-0f-the-app';
  const refreshToken = 'rt-Refresh-Token-of-the-seed';
  oauth.addRefreshToken(refreshToken, 'oauth@echo.test');
  const text = await readFile(lab.configFile, 'utf8');
  const from = /from: (".*")/.exec(text)![1];
  const echoImap = (user: string, auth: string) => `{ host: 127.0.0.1, port: ${imap.port}, security: none, auth: { user: ${user}, ${auth} } }`;
  const config = join(lab.dir, 'secrets.yaml');
  await writeFile(
    config,
    text
      // bulk-1 logs in with a wrong password given through the environment, as a real user would.
      .replace(/(bulk-1:[\s\S]*?pass: )"\$\{LAB_SEED_PASS\}"/, '$1"${BULK_PASS}"')
      .replace(/^routes:\n/m, `routes:\n  echo:\n    smtp: { host: 127.0.0.1, port: ${smtp.port}, security: none, auth: { user: sender@echo.test, pass: "\${ECHO_PASS}" } }\n    from: ${from}\n    retry: { attempts: 1 }\n`)
      .replace(
        /^seeds:\n/m,
        `seeds:\n  echo-imap:\n    address: pass@echo.test\n    imap: ${echoImap('pass@echo.test', 'pass: "${ECHO_PASS}"')}\n` +
          `  echo-oauth:\n    address: oauth@echo.test\n    imap: ${echoImap('oauth@echo.test', `oauth2: { flavor: custom, tokenUrl: "${oauth.tokenUrl}", clientId: landed-test, clientSecret: "\${ECHO_CLIENT_SECRET}", refreshToken: "\${ECHO_REFRESH}" }`)}\n`,
      ),
  );
  const scenario = await writeScenario(work, 'secrets', 'routes: [relay, echo]\nseeds: [bulk-1, echo-imap, echo-oauth]\nmessage: { subject: Secrets, text: Hello }\ntimeout: 15s\n');
  const out = join(work, 'run');
  const reporters = ['console', 'json', 'junit', 'markdown', 'html', 'github'].flatMap((r) => ['--reporter', r]);
  // Every seed here refuses its login: --force-send sends anyway, so the SMTP echo path is taken too.
  const cli = await landed(['run', '--config', config, '--out', out, '--reports', join(work, 'reports'), '--force-send', scenario, ...reporters], {
    cwd: work,
    env: { BULK_PASS: wrong, ECHO_PASS: echoPass, ECHO_CLIENT_SECRET: clientSecret, ECHO_REFRESH: refreshToken, GITHUB_STEP_SUMMARY: join(work, 'step-summary.md'), LANDED_DEBUG: '1' },
  });

  // The echo paths were really taken: the servers saw the logins, and their refusals reached the results.
  expect(imap.lines.some((l) => / LOGIN /i.test(l))).toBe(true);
  const bearer = imap.lines.find((l) => / AUTHENTICATE (OAUTHBEARER|XOAUTH2) /i.test(l));
  expect(bearer).toBeDefined();
  const accessToken = /auth=Bearer ([^\x01]+)/.exec(Buffer.from(bearer!.split(' ').at(-1)!, 'base64').toString('latin1'))![1];
  expect(smtp.lines.some((l) => /^AUTH PLAIN/i.test(l))).toBe(true);
  const results = await readFile(join(out, 'results.json'), 'utf8');
  expect(results).toMatch(/credentials .* are not valid/);
  expect(results).toMatch(/is not a valid token/);
  expect(results).toMatch(/Authentication credentials invalid/);

  const secrets = [wrong, echoPass, clientSecret, refreshToken, accessToken, lab.info.passwords.relay, lab.info.passwords.seed, lab.info.passwords.bounce];
  const forms = secrets.flatMap(formsOf);
  const written = await Promise.all((await filesUnder(work)).map(async (f) => [f, await readFile(f, 'latin1')] as const));
  expect(written.map(([f]) => f.slice(work.length + 1))).toEqual(
    expect.arrayContaining(['run/results.json', 'run/journal.jsonl', 'run/report.html', 'run/junit.xml', 'run/summary.md', 'reports/history.sqlite', 'step-summary.md']),
  );
  const haystacks: Array<readonly [string, string]> = [['stdout', cli.stdout], ['stderr', cli.stderr], ...written];
  const hits = haystacks.flatMap(([where, text]) => forms.filter((f) => text.includes(f)).map((f) => `${where}: ${f}`));
  expect(hits).toEqual([]);
});
