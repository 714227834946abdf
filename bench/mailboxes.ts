/**
 * The IMAP watcher on its own, against a local Dovecot (the test fixture):
 *  1. detection delay, one probe at a time: APPEND returned -> reported by watchSeed, split into Dovecot's part
 *     (APPEND -> EXISTS at an independent IDLE client; Dovecot 2.3 batches IDLE notifications for 0.5 s) and
 *     the watcher's part (that EXISTS -> reported);
 *  2. 2,000 probes over 40 seeds (80 IDLE sessions), appended as fast as four feeders can: time to find all,
 *     delays under load, peak RSS and heap.
 * Run: node bench/mailboxes.ts
 */
import { ImapFlow } from 'imapflow';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchSeed, type SeedWatch } from '../src/mailboxes/watch.ts';
import { newToken } from '../src/plan/token.ts';
import { startDovecot, type Dovecot } from '../test/mailboxes/fixtures/dovecot.ts';
import { seedFor } from '../test/mailboxes/fixtures/seeds.ts';
import { ms, summary } from './stats.ts';

const line = (s: ReturnType<typeof summary>) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.n})`;
const probe = (token: string, body = '') => `From: bench@acme.test\r\nTo: seed@example.test\r\nSubject: bench [${token}]\r\nX-Landed-Token: ${token}\r\n\r\n${token}\r\n${body}`;

async function client(server: Dovecot, user: string): Promise<ImapFlow> {
  const c = new ImapFlow({ host: server.address, port: server.port, secure: false, doSTARTTLS: false, logger: false, auth: { user, pass: 'pw' }, disableAutoIdle: true });
  c.on('error', () => {});
  await c.connect();
  return c;
}

async function oneAtATime(server: Dovecot, count: number) {
  const tokens = Array.from({ length: count }, newToken);
  const appended = new Map<string, number>();
  const existsAt: number[] = [];
  const reported = new Map<string, number>();
  let wake = () => {};
  const watch = watchSeed(seedFor('bench-1', server.endpoint('u0')), {
    since: new Date(),
    tokens,
    signal: new AbortController().signal,
    onFound: (p) => void (reported.set(p.token, performance.now()), wake()),
    onProblem: (p) => process.stderr.write(`watch: ${p.message}\n`),
  });
  const reference = await client(server, 'u0');
  await reference.mailboxOpen('INBOX', { readOnly: true });
  reference.on('exists', () => existsAt.push(performance.now()));
  void reference.idle();
  const feeder = await client(server, 'u0');
  await sleep(500);
  for (const token of tokens) {
    const found = new Promise<void>((resolve) => (wake = resolve));
    const before = performance.now();
    await feeder.append('INBOX', probe(token));
    appended.set(token, before);
    await found;
    await sleep(50 + Math.random() * 100);
  }
  await Promise.all([watch.stop(), feeder.logout(), reference.logout()]);
  const endToEnd = tokens.map((t) => reported.get(t)! - appended.get(t)!);
  const dovecot = tokens.map((t, i) => existsAt[i]! - appended.get(t)!);
  const watcher = tokens.map((t, i) => reported.get(t)! - existsAt[i]!);
  return { endToEnd: summary(endToEnd), dovecot: summary(dovecot), watcher: summary(watcher) };
}

async function manySeeds(server: Dovecot, seeds: number, perSeed: number) {
  const byUser = Array.from({ length: seeds }, (_, i) => ({ user: `u${i}`, tokens: Array.from({ length: perSeed }, newToken) }));
  const appended = new Map<string, number>();
  const delays: number[] = [];
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const watches: SeedWatch[] = byUser.map(({ user, tokens }) =>
    watchSeed(seedFor(`bench-${user}`, server.endpoint(user)), {
      since: new Date(),
      tokens,
      signal: new AbortController().signal,
      onFound: (p) => void delays.push(performance.now() - appended.get(p.token)!),
      onProblem: (p) => process.stderr.write(`watch ${p.seedId}: ${p.message}\n`),
    }),
  );
  await sleep(1500); // every seed logged in and idling
  const body = `${'x'.repeat(76)}\r\n`.repeat(250); // ~20 KB probes
  const start = performance.now();
  const queue = byUser.flatMap(({ user, tokens }) => tokens.map((token) => ({ user, token })));
  queue.sort(() => Math.random() - 0.5);
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      const feeders = new Map<string, ImapFlow>();
      for (let job = queue.pop(); job; job = queue.pop()) {
        const feeder = feeders.get(job.user) ?? (await client(server, job.user));
        feeders.set(job.user, feeder);
        appended.set(job.token, performance.now());
        await feeder.append('INBOX', probe(job.token, body));
      }
      await Promise.all([...feeders.values()].map((f) => f.logout()));
    }),
  );
  const appendedAll = performance.now() - start;
  await Promise.all(watches.map((w) => w.done));
  const foundAll = performance.now() - start;
  clearInterval(sampler);
  global.gc?.();
  return { probes: seeds * perSeed, appendedAll, foundAll, delays: summary(delays), peakRss, heapAfter: process.memoryUsage().heapUsed };
}

const users = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`u${i}`, 'pw']));
const server = await startDovecot({ users, folders: [{ name: 'Junk', specialUse: '\\Junk' }] });
try {
  const single = await oneAtATime(server, 60);
  console.log('detection, one probe at a time (IDLE, Dovecot 2.3):');
  console.log(`  end to end (APPEND -> reported): ${line(single.endToEnd)}`);
  console.log(`  Dovecot    (APPEND -> EXISTS):   ${line(single.dovecot)}`);
  console.log(`  watcher    (EXISTS -> reported): ${line(single.watcher)}`);
  const many = await manySeeds(server, 40, 50);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(`${many.probes} probes (~20 KB) over 40 seeds, 80 IDLE sessions:`);
  console.log(`  appended in ${ms(many.appendedAll)}, all reported after ${ms(many.foundAll)}`);
  console.log(`  delay under load: ${line(many.delays)}`);
  console.log(`  peak RSS ${mb(many.peakRss)}, heap after ${mb(many.heapAfter)}`);
} finally {
  await server.destroy();
}
