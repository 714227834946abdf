/**
 * Finding 10: outcomes that say the truth. An SMTP AUTH 535 at the route is the route's `error` (its login),
 * not a receiver's refusal; a run with `error` probes and no expectations fails (exit 1). Real sockets: an
 * SMTP relay and an IMAP server that refuse every login.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunResult } from '../../src/results/types.ts';
import { runLanded } from '../dns/support/cli.ts';
import { startEchoImap, startEchoSmtp, type EchoServer } from '../e2e/support/echo-servers.ts';
import { project } from './support.ts';

let smtp: EchoServer;
let imap: EchoServer;
beforeAll(async () => ([smtp, imap] = await Promise.all([startEchoSmtp(), startEchoImap()])));
afterAll(async () => Promise.all([smtp?.close(), imap?.close()]));

it('AUTH 535 is an error of the route, and error probes fail a run that has no expectations', async () => {
  const dir = project();
  writeFileSync(
    join(dir, 'landed.yaml'),
    `routes:\n  relay: { smtp: { host: 127.0.0.1, port: ${smtp.port}, security: none, auth: { user: u, pass: wrong-pass } }, from: "a@acme.test", retry: { attempts: 1 } }\n` +
      `seeds:\n  s1: { address: s1@example.test, imap: { host: 127.0.0.1, port: ${imap.port}, security: none, auth: { pass: wrong-pass } } }\n` +
      'scenarios: scenarios\n',
  );
  const result = await runLanded(['run', '--out', 'out', '--reporter', 'json'], dir);
  const run = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as RunResult;
  expect(run.probes[0].placement).toBe('error');
  expect(run.status).toBe('failed');
  expect(result.code).toBe(1);
});

it('AUTH 535 at the route is its login error, not a receiver refusal', async () => {
  const dir = project();
  writeFileSync(
    join(dir, 'landed.yaml'),
    `routes:\n  relay: { smtp: { host: 127.0.0.1, port: ${smtp.port}, security: none, auth: { user: u, pass: wrong-pass } }, from: "a@acme.test", retry: { attempts: 1 } }\n` +
      'seeds:\n  s1: { address: s1@example.test, imap: { host: 127.0.0.1, port: 9, security: none, auth: { pass: x-pass } } }\nscenarios: scenarios\n',
  );
  const { loadConfig } = await import('../../src/config/load.ts');
  const { loadScenarios } = await import('../../src/scenarios/load.ts');
  const { routeMessage } = await import('../../src/routes/message.ts');
  const { SmtpRoute } = await import('../../src/routes/smtp.ts');
  const io = { env: {}, cwd: dir };
  const config = await loadConfig('landed.yaml', io as never);
  const [scenario] = await loadScenarios(config, [], io);
  const routeConfig = config.routes.get('relay')!;
  const probe = { id: 'hello/relay/s1', scenario: 'hello', route: 'relay', seed: 's1', provider: 'imap', token: `landed-${'b'.repeat(16)}`, timeoutMs: 5000, expect: {} };
  const route = new SmtpRoute(routeConfig as never);
  const outcome = await route.send(await routeMessage(probe as never, scenario, routeConfig, 's1@example.test'));
  await route.close();
  expect([outcome.status, outcome.smtp.code, (outcome as { failure?: string }).failure]).toEqual(['error', 535, 'login']);
});

it('a seed renamed before --resume: exit 2 saying the seed is gone, not its probes turned `missing`', async () => {
  const dir = project();
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'reports', 'runs', 'r1'), { recursive: true });
  const probe = { id: 'hello/relay/old-seed', scenario: 'hello', route: 'relay', seed: 'old-seed', provider: 'imap', token: `landed-${'a'.repeat(16)}`, timeoutMs: 5000, expect: {} };
  writeFileSync(
    join(dir, 'reports', 'runs', 'r1', 'journal.jsonl'),
    [{ type: 'begin', runId: 'r1', startedAt: new Date().toISOString(), config: 'landed.yaml', scenarios: ['hello'] }, { type: 'planned', probe }].map((e) => JSON.stringify(e)).join('\n') + '\n',
  );
  const result = await runLanded(['run', '--resume', 'r1'], dir);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/seed "old-seed".*no longer in landed\.yaml/);
});
