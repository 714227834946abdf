/**
 * `landed run` against the lab: wall time next to the minimal baseline (bench/baseline.ts) for the same
 * probes, and a large run (2,000 probes) through the real CLI with its peak RSS and lost probes counted.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { livePorts } from '../src/cli/run-ports.ts';
import { loadConfig } from '../src/config/load.ts';
import type { Lab } from '../src/lab/index.ts';
import { buildPlan } from '../src/plan/plan.ts';
import { newRunId } from '../src/plan/token.ts';
import type { RunResult } from '../src/results/types.ts';
import { executeRun } from '../src/run/run.ts';
import { loadScenarios } from '../src/scenarios/load.ts';
import { baselineRun } from './baseline.ts';
import { summary } from './stats.ts';

const BIN = join(import.meta.dirname, '../bin/landed.js');

/** A project beside the lab's landed.yaml with `count` scenarios over the given routes. */
async function project(lab: Lab, name: string, count: number, routes: string[]): Promise<string> {
  const dir = join(lab.dir, name);
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    await writeFile(join(dir, `s${i}.yaml`), `name: s${i}\nroutes: [${routes.join(', ')}]\nmessage: { subject: "Bench ${i}", text: "Hello ${i}" }\ntimeout: 120s\n`);
  }
  return dir;
}

/**
 * Wall time of `landed run` (in process, analysis included) and of the baseline for the same number of
 * probes, alternating for `trials` rounds; the medians are compared (the lab and the machine are shared).
 */
export async function benchWallTime(lab: Lab, scenarios: number, trials = 3): Promise<{ probes: number; landedMs: number; baselineMs: number }> {
  const landed: number[] = [];
  const baseline: number[] = [];
  let probes = 0;
  for (let i = 0; i < trials; i++) {
    const round = await wallTimeOnce(lab, scenarios);
    landed.push(round.landedMs);
    baseline.push(round.baselineMs);
    probes = round.probes;
  }
  return { probes, landedMs: summary(landed).p50, baselineMs: summary(baseline).p50 };
}

async function wallTimeOnce(lab: Lab, scenarios: number): Promise<{ probes: number; landedMs: number; baselineMs: number }> {
  const io = { env: process.env, cwd: lab.dir };
  const config = await loadConfig(lab.configFile, io);
  config.scenariosDir = await project(lab, `bench-wall-${scenarios}`, scenarios, ['relay']);
  const loaded = await loadScenarios(config, [], io);
  const plan = buildPlan(config, loaded, { runId: newRunId() });
  const runDir = await mkdtemp(join(tmpdir(), 'landed-bench-run-'));
  let t = performance.now();
  const ports = await livePorts(config, runDir);
  const result = await executeRun({ plan }, { config, scenarios: loaded, runDir, reporter: { name: 'silent' }, signal: new AbortController().signal, redact: (s) => s, ports });
  const landedMs = performance.now() - t;
  const lost = result.probes.filter((p) => p.placement !== 'inbox');
  if (lost.length) throw new Error(`bench run: ${lost.length} probes not in the inbox: ${lost[0].placement} ${lost[0].error ?? ''}`);

  const ca = await readFile(lab.info.caFile, 'utf8');
  const relay = lab.info.routes.relay;
  const seeds = Object.values(lab.info.seeds);
  const probes = buildPlan(config, loaded, { runId: newRunId() }).probes.map((p) => ({ to: config.seeds.get(p.seed)!.address, token: p.token }));
  t = performance.now();
  await baselineRun({
    relay: { host: relay.host, port: relay.port, user: relay.auth!.user, pass: relay.auth!.pass, ca, from: relay.from },
    probes,
    mailboxes: seeds.map((s) => ({ host: s.imap.host, port: s.imap.port, user: s.user, pass: s.pass, ca, folders: ['INBOX'] })),
  });
  return { probes: probes.length, landedMs, baselineMs: performance.now() - t };
}

/** A large run through the real CLI: peak RSS from /proc (VmHWM), and every probe's outcome. */
export async function benchScale(lab: Lab, scenarios: number): Promise<{ probes: number; wallMs: number; peakRssMb: number; placements: Record<string, number>; lost: number }> {
  const dir = await project(lab, 'bench-scale', scenarios, Object.keys(lab.info.routes));
  const out = join(dir, 'run');
  const t = performance.now();
  // Started as a user starts it (npx landed): through its #! line, with the Node flags it sets there.
  const child = spawn(BIN, ['run', '--config', lab.configFile, '--out', out, '--reporter', 'console', '--reporter', 'junit', ...scenarioFiles(dir, scenarios)], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let peakKb = 0;
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  while (child.exitCode === null) {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    await Promise.race([sleep(100), exited]);
  }
  const wallMs = performance.now() - t;
  const result = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResult;
  const placements: Record<string, number> = {};
  for (const p of result.probes) placements[p.placement] = (placements[p.placement] ?? 0) + 1;
  const lost = result.probes.filter((p) => !['inbox', 'spam', 'rejected'].includes(p.placement)).length;
  return { probes: result.probes.length, wallMs, peakRssMb: peakKb / 1024, placements, lost };
}

function scenarioFiles(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => join(dir, `s${i}.yaml`));
}
