/**
 * `npm run bench`: every figure the issues ask for, printed, measured on the local lab. Never a pass/fail
 * test: the numbers go in the notes. Each line carries the machine's load average when it was measured (the
 * machine is shared), and each landed figure stands beside its baseline as a ratio where one exists.
 * `npm run bench -- lab wall detection scale shards memory analysis dnsplan history dmarc` picks parts; `scale`,
 * `shards` and `memory` take `--probes N,M` (`shards` the largest).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchAnalysis, printAnalysisBench } from './analysis.ts';
import { benchDmarc, printDmarcBench } from './dmarc.ts';
import { benchDnsPlan, printDnsPlanBench } from './dns-plan.ts';
import { benchHistory, printHistoryBench } from './history.ts';
import { benchLab } from './lab.ts';
import { benchMemory, printMemoryBench } from './memory.ts';
import { benchPair, landedOnce, type PairFigures } from './run.ts';
import { benchShards, printShardsBench } from './shards.ts';
import { ms } from './stats.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const scaleSizes = (option('--probes') ?? '2000,10000').split(',').map(Number);
const parts = args;
const wants = (part: string) => parts.length === 0 || parts.includes(part);
const load = () => `[load ${loadavg().map((n) => n.toFixed(2)).join(' ')}]`;
const say = (line: string) => process.stdout.write(`${line}\n`);

function sayPair(label: string, f: PairFigures) {
  const { landed: l, baseline: b } = f;
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  say(`${label}: ${f.probes} probes ${load()}`);
  say(`  wall     landed ${s(l.wallMs)}, baseline ${s(b.wallMs)}, ratio ${(l.wallMs / b.wallMs).toFixed(2)}x`);
  say(`  CPU      landed ${l.cpuS.toFixed(1)} s, baseline ${b.cpuS.toFixed(1)} s, ratio ${(l.cpuS / b.cpuS).toFixed(2)}x`);
  say(`  peak RSS landed ${l.peakRssMb.toFixed(0)} MB, baseline ${b.peakRssMb.toFixed(0)} MB, ratio ${(l.peakRssMb / b.peakRssMb).toFixed(2)}x`);
  say(`  lost     landed ${l.lost}, baseline ${b.lost}; landed's placements ${JSON.stringify(l.placements)}`);
  say(`  content  ${l.rspamdStarted ? 'scored by rspamd during the run' : 'scores kept from an earlier run of the same scenarios (rspamd not started, as in a scheduled run)'}`);
  const d = l.detection;
  say(`  detection, landed's share (server's EXISTS -> probe on disk, landed's clock), n=${d.n}: p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, max ${ms(d.max)}`);
  const { imap, afterFetch } = l.detectionSplit;
  say(`    of which EXISTS -> the server's SEARCH and FETCH answered: p50 ${ms(imap.p50)}, p95 ${ms(imap.p95)}; then -> journal line durable: p50 ${ms(afterFetch.p50)}, p95 ${ms(afterFetch.p95)}`);
  const bd = b.detection;
  say(`    baseline (EXISTS -> SEARCH, FETCH, token read; nothing written), n=${bd.n}: p50 ${ms(bd.p50)}, p95 ${ms(bd.p95)}, max ${ms(bd.max)}; ratio p50 ${(d.p50 / bd.p50).toFixed(2)}x, p95 ${(d.p95 / bd.p95).toFixed(2)}x`);
}

if (wants('lab')) {
  const f = await benchLab(3);
  say(`lab: up median ${f.upMs.median} ms (max ${f.upMs.max}), down median ${f.downMs.median} ms, relay 250 -> mailbox median ${f.relayToMailboxMs.median} ms ${load()}`);
}

// landed runs from its build, as installed: build it first (src/ is what is measured).
if (['wall', 'detection', 'scale', 'shards'].some(wants)) {
  const built = spawnSync(process.execPath, [join(import.meta.dirname, '../scripts/build.ts')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('npm run build failed');
}

// Every lab route to every seed; each side in a fresh lab, both through their own process. Detection is
// measured in every landed run (results.json: detectionMs); `detection` prints it from the 120-probe one.
if (wants('wall') || wants('detection')) sayPair('wall time vs the fair baseline', await benchPair(120, 3));
if (wants('wall')) {
  // What running the build instead of type-stripping the sources at run time gives, on the same 120 probes.
  const [dist, src] = [await landedOnce(120, 'dist'), await landedOnce(120, 'src')];
  say(`compiled JavaScript vs the TypeScript sources, 120 probes ${load()}: peak RSS ${dist.peakRssMb.toFixed(0)} MB vs ${src.peakRssMb.toFixed(0)} MB (${(dist.peakRssMb / src.peakRssMb).toFixed(2)}x), wall ${(dist.wallMs / 1000).toFixed(1)} s vs ${(src.wallMs / 1000).toFixed(1)} s`);
}
if (wants('scale')) for (const probes of scaleSizes) sayPair('scale', await benchPair(probes));
// The largest plan again, as 4 shards merged: the same outcomes as unsharded, and what each shard's runner needs.
if (wants('shards')) printShardsBench(await benchShards(Math.max(...scaleSizes)), (line) => say(line.startsWith('shards') ? `${line} ${load()}` : line));
// The same sizes with routes and mailboxes faked: landed's own memory per probe, whatever the lab's servers do.
if (wants('memory')) printMemoryBench(benchMemory([120, ...scaleSizes]), (line) => say(`${line} ${load()}`));

if (wants('analysis')) printAnalysisBench(await benchAnalysis(1000), (line) => say(line.startsWith('analysis') ? `${line} ${load()}` : line));
if (wants('dnsplan')) printDnsPlanBench(await benchDnsPlan(1000), (line) => say(`${line} ${load()}`));
if (wants('history')) printHistoryBench(benchHistory(), (line) => say(line.startsWith('history') ? `${line} ${load()}` : line));
if (wants('dmarc')) printDmarcBench(await benchDmarc(), (line) => say(line.startsWith('dmarc') ? `${line} ${load()}` : line));
