/**
 * What a run's memory grows with, without a lab: `executeRun` over N probes (1 route, 100 seeds, N/100
 * scenarios) with routes and mailboxes faked in memory (test/run/fakes.ts, letting go of each message once
 * found: every message arrives at once, the clock jumps), the real journal on disk, the real analysis on worker threads, the console and JUnit
 * reporters, results.json written. Each size runs in a process of its own, which reports its peak RSS (VmHWM);
 * the difference between sizes is what each probe costs. The lab's servers, which a loaded machine starves
 * long before landed (`scale`), play no part. Run alone (`node bench/memory.ts 120,2000,10000`) or from index.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { keepHeapNearLive } from '../src/cli/heap.ts';
import { buildPlan } from '../src/plan/plan.ts';
import { createReporters } from '../src/reporters/index.ts';
import type { Route } from '../src/routes/route.ts';
import { Journal } from '../src/run/journal.ts';
import type { MailboxWatcher } from '../src/run/ports.ts';
import { executeRun } from '../src/run/run.ts';
import { offline } from '../test/analysis/support.ts';
import { FakeRoute, fakeConfig, fakeWatcher, scenario, World } from '../test/run/fakes.ts';

const SEEDS = 100;

export interface MemoryFigures {
  probes: number;
  peakRssMb: number;
  wallMs: number;
  placements: Record<string, number>;
}

/** One run in this process (the child's side). */
async function runOnce(probes: number): Promise<MemoryFigures> {
  keepHeapNearLive(); // as `landed run` does
  const dir = await mkdtemp(join(tmpdir(), 'landed-bench-memory-'));
  try {
    const config = fakeConfig(dir);
    const [seed] = config.seeds.values();
    config.seeds = new Map(Array.from({ length: SEEDS }, (_, i) => [`seed${i + 1}`, { ...seed!, id: `seed${i + 1}`, address: `seed${i + 1}@seed.test` }]));
    const seeds = [...config.seeds.keys()];
    const scenarios = Array.from({ length: Math.max(1, Math.round(probes / SEEDS)) }, (_, i) => ({ ...scenario(), name: `s${i}`, file: `scenarios/s${i}.yaml`, seeds }));
    const world = new World();
    // The fakes keep what they were sent and what arrived (for the tests' questions): here they let go of it.
    const fake = new FakeRoute('relay', world, 'accept');
    const route: Route = { id: 'relay', send: async (message, signal) => ((fake.sent.length = 0), fake.send(message, signal)), close: () => fake.close() };
    const mailboxes = fakeWatcher(world);
    const watcher: MailboxWatcher = {
      ...mailboxes,
      watchSeed: (seed, options) => mailboxes.watchSeed(seed, { ...options, onFound: (found) => (world.delivered.delete(found.token), options.onFound(found)) }),
    };
    const journal = new Journal(join(dir, 'journal.jsonl'));
    const reporter = createReporters(['console', 'junit'], { runDir: dir, stdout: devNull, stderr: devNull, env: {}, isTTY: false });
    const start = performance.now();
    const plan = buildPlan(config, scenarios, { runId: 'bench' });
    const result = await executeRun({ plan }, {
      config, scenarios, runDir: dir, reporter, signal: new AbortController().signal, redact: (s) => s,
      ports: { routes: () => route, watcher, resolver: offline, clock: world.clock, journal },
    });
    await reporter.onEnd?.(result, dir);
    const placements: Record<string, number> = {};
    for (const p of result.probes) placements[p.placement] = (placements[p.placement] ?? 0) + 1;
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
    return { probes: result.probes.length, peakRssMb: hwm / 1024, wallMs: performance.now() - start, placements };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const devNull = { write: () => true } as unknown as NodeJS.WritableStream;

/** Each size in a fresh process started as bin/landed.js starts (its Node flags). */
export function benchMemory(sizes: number[]): MemoryFigures[] {
  return sizes.map((probes) => {
    const child = spawnSync(process.execPath, ['--max-semi-space-size=4', import.meta.filename, '--child', String(probes)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`bench/memory.ts ${probes} exited with ${child.status}:\n${child.stderr.slice(-2000)}`);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as MemoryFigures;
  });
}

export function printMemoryBench(figures: MemoryFigures[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  const [first] = figures;
  for (const f of figures) {
    const perProbe = first && f.probes > first.probes ? `, ${(((f.peakRssMb - first.peakRssMb) * 1024) / (f.probes - first.probes)).toFixed(1)} KB per probe over ${first.probes}` : '';
    out(`memory, a run with routes and mailboxes faked: ${f.probes} probes, peak RSS ${f.peakRssMb.toFixed(0)} MB${perProbe} (${(f.wallMs / 1000).toFixed(1)} s; ${JSON.stringify(f.placements)})`);
  }
}

if (import.meta.main) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) process.stdout.write(`${JSON.stringify(await runOnce(Number(process.argv[i + 1])))}\n`);
  else printMemoryBench(benchMemory((process.argv[2] ?? '120,2000,10000').split(',').map(Number)));
}
