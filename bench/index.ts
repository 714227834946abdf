/**
 * `npm run bench`: every figure the issues ask for, printed, measured on the local lab. Never a pass/fail
 * test: the numbers go in the notes. `npm run bench -- detection wall scale analysis history lab` picks parts.
 */
import { startLab } from '../src/lab/index.ts';
import { benchAnalysis, printAnalysisBench } from './analysis.ts';
import { benchDetection } from './detection.ts';
import { benchHistory, printHistoryBench } from './history.ts';
import { benchLab } from './lab.ts';
import { benchScale, benchWallTime } from './run.ts';
import { ms } from './stats.ts';

const parts = process.argv.slice(2);
const wants = (part: string) => parts.length === 0 || parts.includes(part);
const say = (line: string) => process.stdout.write(`${line}\n`);

if (wants('lab')) {
  const f = await benchLab(3);
  say(`lab: up median ${f.upMs.median} ms (max ${f.upMs.max}), down median ${f.downMs.median} ms, relay 250 -> mailbox median ${f.relayToMailboxMs.median} ms`);
}

if (wants('detection') || wants('wall')) {
  const lab = await startLab();
  try {
    if (wants('detection')) {
      const d = await benchDetection(lab, 60);
      say(`detection, stored (IMAP APPEND) -> recorded by landed's IDLE watcher, n=${d.n}: p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, max ${ms(d.max)}`);
      say(`  Dovecot holds IDLE notifications back 500 ms (NOTIFY_DELAY_MSECS in its source): landed's own share is p50 ${ms(d.p50 - 500)}`);
    }
    if (wants('wall')) {
      for (const scenarios of [10, 40]) {
        const w = await benchWallTime(lab, scenarios);
        say(`wall time, ${w.probes} probes through relay: landed ${ms(w.landedMs)}, baseline ${ms(w.baselineMs)}, ratio ${(w.landedMs / w.baselineMs).toFixed(2)}x`);
      }
    }
  } finally {
    await lab.stop();
  }
}

if (wants('scale')) {
  // 5 routes x 100 seeds x 4 scenarios = 2,000 probes, through the real CLI.
  const lab = await startLab({ seedsPerProvider: 34 });
  try {
    const s = await benchScale(lab, 4);
    say(`scale: ${s.probes} probes in ${(s.wallMs / 1000).toFixed(1)} s, peak RSS ${s.peakRssMb.toFixed(0)} MB, lost ${s.lost}; ${JSON.stringify(s.placements)}`);
  } finally {
    await lab.stop();
  }
}

if (wants('analysis')) printAnalysisBench(await benchAnalysis(1000), say);
if (wants('history')) printHistoryBench(benchHistory(), say);
