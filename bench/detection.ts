/**
 * Detection delay: a message stored in a seed mailbox (IMAP APPEND returned) -> recorded by landed's watcher.
 * Appends one probe at a time into the lab's IDLE-capable Dovecot while `watchSeed` waits for them.
 */
import { ImapFlow } from 'imapflow';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/load.ts';
import type { Lab } from '../src/lab/index.ts';
import { watchSeed } from '../src/mailboxes/watch.ts';
import { newToken } from '../src/plan/token.ts';
import { summary } from './stats.ts';

export async function benchDetection(lab: Lab, count = 60): Promise<ReturnType<typeof summary>> {
  const config = await loadConfig(lab.configFile, { env: process.env, cwd: lab.dir });
  const seed = config.seeds.get('strict-1')!;
  const tokens = Array.from({ length: count }, newToken);
  const stored = new Map<string, number>();
  const delays: number[] = [];
  const arrived = new Map<string, () => void>();
  const controller = new AbortController();
  const watch = watchSeed(seed, {
    since: new Date(Date.now() - 60_000),
    tokens,
    signal: controller.signal,
    onFound: (found) => {
      delays.push(performance.now() - stored.get(found.token)!);
      arrived.get(found.token)?.();
    },
    onProblem: ({ message }) => process.stderr.write(`watch: ${message}\n`),
  });
  const mailbox = lab.info.seeds['strict-1'];
  const tls = { ca: readFileSync(lab.info.caFile, 'utf8') };
  const client = new ImapFlow({ host: mailbox.imap.host, port: mailbox.imap.port, secure: false, auth: { user: mailbox.user, pass: mailbox.pass }, tls, logger: false });
  await client.connect();
  await sleep(500); // let the watcher log in and enter IDLE
  for (const token of tokens) {
    const found = new Promise<void>((resolve) => arrived.set(token, resolve));
    const raw = `From: bench@acme.test\r\nTo: ${mailbox.address}\r\nSubject: detection [${token}]\r\nMessage-ID: <${token}@bench>\r\n\r\n${token}\r\n`;
    // Timed from just before the APPEND: the server stores it within that loopback round trip (~1 ms).
    stored.set(token, performance.now());
    await client.append('INBOX', raw);
    await found;
    await sleep(50 + Math.random() * 150);
  }
  await client.logout();
  controller.abort();
  await watch.stop();
  return summary(delays);
}
