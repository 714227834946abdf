/**
 * Benchmark of the analysis stage: N typical 20 KB messages (DKIM-signed with a 2048-bit key, five Received
 * hops, the provider's Received-SPF and Authentication-Results, an ARC-Authentication-Results), DNS answered
 * from memory (a zone in the overlay resolver): first one after another on the calling thread (one core, the
 * baseline), then as a run analyses them, on the worker threads of AnalysisPool, with the calling thread's
 * event-loop delay measured meanwhile. Both sides are measured warm, after the same WARM_ROUNDS passes over the
 * messages (V8 takes a few thousand analyses to optimise mailauth's byte loops, in every thread); the pool's
 * first pass from a cold start is printed beside. Run alone (`node bench/analysis.ts [N]`) or from index.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { AnalysisPool } from '../src/run/pool.ts';
import { dkimSign } from '../src/dns/mailauth.ts';
import { analyzeMessage } from '../src/analysis/index.ts';
import { createOverlayResolver } from '../src/dns/overlay/overlay.ts';
import { parseZone } from '../src/dns/zone/load.ts';

export interface AnalysisBenchFigures {
  messages: number;
  messageBytes: number;
  totalMs: number;
  perSecond: number;
  medianMs: number;
  p95Ms: number;
  /** Messages per second of CPU time (user + system, every thread): what a shared machine still tells. */
  perCpuSecond: number;
  /**
   * The same messages on the worker threads, handed over all at once (a backlog).
   * `workers`: how many the pool had running (it starts a second one only for a backlog).
   */
  pool: { workers: number; totalMs: number; perSecond: number; perCpuSecond: number; loopDelayP99Ms: number; loopDelayMaxMs: number; coldPerSecond: number };
}

/** Passes over the messages before the measured one, on each side. */
const WARM_ROUNDS = 3;

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const txt = (value: string) => (value.match(/.{1,250}/g) ?? []).map((s) => `"${s}"`).join(' ');
export const resolver = createOverlayResolver([
  parseZone(`$ORIGIN acme.test.\n@ TXT "v=spf1 ip4:192.0.2.10 include:_spf.acme.test -all"\n_spf TXT "v=spf1 ip4:198.51.100.0/24 -all"\ns1._domainkey TXT ${txt(`v=DKIM1; k=rsa; p=${publicKey}`)}\n_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@acme.test"\nrelay A 192.0.2.10\n`, 'acme.test.zone'),
  parseZone('$ORIGIN 2.0.192.in-addr.arpa.\n10 PTR relay.acme.test.\n', '2.0.192.in-addr.arpa.zone'),
]);

/** A newsletter-sized message: headers, a text part and an HTML part, about 20 KB in all. */
export async function typicalMessage(i: number): Promise<Buffer> {
  const paragraph = `Line ${i}: our December offers, with prices and a table of contents for this issue. `.repeat(4);
  const text = Array.from({ length: 28 }, () => paragraph).join('\r\n');
  const html = `<html><body>${Array.from({ length: 28 }, () => `<p>${paragraph}</p>`).join('\r\n')}</body></html>`;
  const body = `--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--b1--\r\n`;
  const message = [
    'From: Acme News <news@acme.test>', 'To: seed1@strict.test', `Subject: December offers #${i}`,
    'Date: Tue, 3 Dec 2024 17:14:01 +0000', `Message-ID: <news-${i}@acme.test>`, 'MIME-Version: 1.0',
    'List-Unsubscribe: <https://acme.test/u/1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'Content-Type: multipart/alternative; boundary="b1"', '', body,
  ].join('\r\n');
  const { signatures } = await dkimSign(message, { signatureData: [{ signingDomain: 'acme.test', selector: 's1', privateKey }], headerList: ['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'list-unsubscribe', 'list-unsubscribe-post'] } as unknown as Parameters<typeof dkimSign>[1]);
  const verdict = 'dkim=pass header.i=@acme.test header.s=s1; spf=pass (mx.strict.test: domain of news@acme.test designates 192.0.2.10 as permitted sender) smtp.mailfrom=news@acme.test; dmarc=pass (p=REJECT) header.from=acme.test';
  const trace = [
    'Received: from mx.strict.test ([198.51.100.30]) by imap.strict.test with LMTP id a1 (envelope-from <news@acme.test>); Tue, 03 Dec 2024 17:14:04 +0000',
    `ARC-Authentication-Results: i=1; mx.strict.test; ${verdict}`,
    'Return-Path: <news@acme.test>',
    'Received: from relay.acme.test (relay.acme.test [192.0.2.10]) by mx.strict.test with ESMTPS (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384) id b2 for <seed1@strict.test>; Tue, 03 Dec 2024 17:14:03 +0000',
    'Received-SPF: pass (mx.strict.test: domain of news@acme.test designates 192.0.2.10 as permitted sender) client-ip=192.0.2.10;',
    `Authentication-Results: mx.strict.test; ${verdict}`,
    'Received: from app2.acme.internal (app2.acme.internal [10.0.0.12]) by relay.acme.test with ESMTPSA id c3; Tue, 03 Dec 2024 17:14:02 +0000',
    'Received: from app1.acme.internal (app1.acme.internal [10.0.0.11]) by app2.acme.internal with ESMTP id d4; Tue, 03 Dec 2024 17:14:02 +0000',
    'Received: from localhost (localhost [127.0.0.1]) by app1.acme.internal with ESMTP id e5; Tue, 03 Dec 2024 17:14:01 +0000',
  ];
  return Buffer.from(`${trace.join('\r\n')}\r\n${signatures}${message}`);
}

export async function benchAnalysis(count = 1000): Promise<AnalysisBenchFigures> {
  const messages = await Promise.all(Array.from({ length: count }, (_, i) => typicalMessage(i)));
  const context = { authservIds: ['mx.strict.test'], resolver, requirements: ['gmail', 'yahoo'], bulk: true };
  for (let round = 0; round < WARM_ROUNDS; round++) for (const raw of messages) await analyzeMessage(raw, context);
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const raw of messages) {
    const t = performance.now();
    const analysis = await analyzeMessage(raw, context);
    times.push(performance.now() - t);
    if (analysis.verified.dkim.result !== 'pass' || analysis.reasons.length) throw new Error(`bench message did not pass: ${analysis.reasons.join('; ')}`);
  }
  const totalMs = performance.now() - start;
  const perCpuSecond = perCpu(count, process.cpuUsage(cpu));
  times.sort((a, b) => a - b);
  const { resolver: _inThisThread, ...plain } = context;
  const pool = await onWorkers(messages, plain);
  return {
    messages: count,
    messageBytes: Math.round(messages.reduce((n, m) => n + m.length, 0) / count),
    totalMs: Math.round(totalMs),
    perSecond: Math.round((count / totalMs) * 1000),
    medianMs: Number(times[Math.floor(count / 2)].toFixed(2)),
    p95Ms: Number(times[Math.floor(count * 0.95)].toFixed(2)),
    perCpuSecond,
    pool,
  };
}

const perCpu = (count: number, used: NodeJS.CpuUsage) => Math.round(count / ((used.user + used.system) / 1e6));

async function onWorkers(messages: Buffer[], context: Omit<Parameters<typeof analyzeMessage>[1], 'resolver'>) {
  const pool = new AnalysisPool(resolver, { size: 2 });
  let workers = 0;
  // Every message at once, a backlog: a few in flight at a time never build the one for which the pool
  // starts its second worker, and measure one core (a run's own end-of-collection analysis feeds 8 at a time).
  const pass = async () => {
    await Promise.all(
      messages.map(async (raw) => {
        const analysis = await pool.analyse(Buffer.from(raw), context);
        workers = Math.max(workers, pool.workers);
        if (analysis.verified.dkim.result !== 'pass') throw new Error('bench message did not pass on a worker');
      }),
    );
  };
  const coldStart = performance.now();
  await pass(); // the workers start here
  const coldPerSecond = Math.round((messages.length / (performance.now() - coldStart)) * 1000);
  for (let round = 1; round < WARM_ROUNDS; round++) await pass();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await pass();
  const totalMs = performance.now() - start;
  const perCpuSecond = perCpu(messages.length, process.cpuUsage(cpu));
  delay.disable();
  await pool.close();
  return { workers, coldPerSecond, totalMs: Math.round(totalMs), perSecond: Math.round((messages.length / totalMs) * 1000), perCpuSecond, loopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)), loopDelayMaxMs: Number((delay.max / 1e6).toFixed(1)) };
}

export function printAnalysisBench(f: AnalysisBenchFigures, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  out(`analysis: ${f.messages} messages of ${(f.messageBytes / 1024).toFixed(1)} KB, DNS from memory, each side measured after ${WARM_ROUNDS} passes over them`);
  out(`  on ${f.pool.workers} worker threads: ${f.pool.perSecond} messages/s (${f.pool.totalMs} ms), ${(f.pool.perSecond / f.perSecond).toFixed(2)}x the one-core baseline, ${f.pool.perCpuSecond} per CPU-second; calling thread's event-loop delay p99 ${f.pool.loopDelayP99Ms} ms, max ${f.pool.loopDelayMaxMs} ms`);
  out(`  the pool's first pass, workers starting cold: ${f.pool.coldPerSecond} messages/s`);
  out(`  baseline, one core, in the calling thread: ${f.perSecond} messages/s, ${f.perCpuSecond} per CPU-second (${f.totalMs} ms in all; per message median ${f.medianMs} ms, p95 ${f.p95Ms} ms)`);
}

if (import.meta.main) printAnalysisBench(await benchAnalysis(Number(process.argv[2] ?? 1000)));
