/**
 * Benchmark of the local lab: how long `startLab` takes until every part answers, how long `stop` takes
 * until no process is left, and how long a message takes from the relay's 250 to its filing in the seed's
 * mailbox. Prints the figures. Run alone (`node bench/lab.ts [rounds]`) or from bench/index.ts.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { startLab } from '../src/lab/index.ts';

export interface LabBenchFigures {
  rounds: number;
  upMs: { min: number; median: number; max: number };
  downMs: { min: number; median: number; max: number };
  relayToMailboxMs: { min: number; median: number; max: number };
}

export async function benchLab(rounds = 5): Promise<LabBenchFigures> {
  const up: number[] = [];
  const down: number[] = [];
  const delivery: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const lab = await startLab();
    up.push(performance.now() - t);
    const relay = lab.info.routes.relay;
    const transport = nodemailer.createTransport({ host: relay.host, port: relay.port, requireTLS: true, auth: relay.auth, tls: { ca: readFileSync(lab.info.caFile, 'utf8') } });
    t = performance.now();
    const { response } = await transport.sendMail({ from: relay.from, to: 'seed1@strict.test', subject: `bench ${i}`, text: 'bench\n' });
    const queueId = /queued as (\w+)/.exec(response)![1];
    const delivered = await lab.waitForEvent((e) => e.part === 'mta:relay' && e.kind === 'delivered' && e.queueId === queueId);
    const mxId = /queued as (\w+)/.exec(delivered.detail ?? '')![1];
    await lab.waitForEvent((e) => e.kind === 'filed' && e.queueId === mxId);
    delivery.push(performance.now() - t);
    transport.close();
    t = performance.now();
    await lab.stop();
    down.push(performance.now() - t);
  }
  return { rounds, upMs: spread(up), downMs: spread(down), relayToMailboxMs: spread(delivery) };
}

function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n);
  return { min: round(sorted[0]), median: round(sorted[Math.floor(sorted.length / 2)]), max: round(sorted[sorted.length - 1]) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchLab(Number(process.argv[2] ?? 5));
  const line = (label: string, f: { min: number; median: number; max: number }) =>
    `${label.padEnd(22)} median ${String(f.median).padStart(5)} ms   min ${String(f.min).padStart(5)} ms   max ${String(f.max).padStart(5)} ms`;
  process.stdout.write(`lab, ${figures.rounds} rounds\n${line('lab up (startLab)', figures.upMs)}\n${line('relay -> mailbox', figures.relayToMailboxMs)}\n${line('lab down (stop)', figures.downMs)}\n`);
}
