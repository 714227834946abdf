/**
 * `landed run` through its real CLI against the lab, next to the fair baseline (bench/baseline.ts) for the same
 * probes: wall time, peak RSS and lost probes of each, every measured run in a fresh lab of its own (mailboxes
 * empty, queues idle), both as processes of their own started the same way.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/load.ts';
import { startLab, type Lab } from '../src/lab/index.ts';
import { buildPlan } from '../src/plan/plan.ts';
import { newRunId } from '../src/plan/token.ts';
import { JOURNAL_FILE } from '../src/results/run-folder.ts';
import type { RunResult } from '../src/results/types.ts';
import { loadScenarios } from '../src/scenarios/load.ts';
import { baselineJob } from './baseline.ts';
import { summary } from './stats.ts';

export const BIN = join(import.meta.dirname, '../bin/landed.js');
const BASELINE = join(import.meta.dirname, 'baseline.ts');

export interface ProcessFigures {
  wallMs: number;
  /** User + system CPU time of the process, its threads and its children, in seconds. */
  cpuS: number;
  peakRssMb: number;
  lost: number;
}

export interface PairFigures {
  probes: number;
  landed: ProcessFigures & {
    placements: Record<string, number>;
    detection: ReturnType<typeof summary>;
    detectionSplit: DetectionSplit;
    /** rspamd scored the content in this run (else every score was one kept from an earlier run). */
    rspamdStarted: boolean;
  };
  /** detection: the server's EXISTS -> the token read in a fetched message, by the baseline's clock. */
  baseline: ProcessFigures & { detection: ReturnType<typeof summary> };
}

/**
 * Landed's share of detection in two parts, from the journal's timestamps (ms resolution): the server's EXISTS
 * -> its answers to the SEARCH and FETCH that brought the probe (`detectedAt`), then that -> the journal line
 * durable (landed's own work and the fdatasync).
 */
export interface DetectionSplit {
  imap: ReturnType<typeof summary>;
  afterFetch: ReturnType<typeof summary>;
}

async function detectionSplit(runDir: string, probes: RunResult['probes']): Promise<DetectionSplit> {
  const found = new Map<string, { noticedAt?: string; detectedAt: string }>();
  const journal = await readFile(join(runDir, JOURNAL_FILE), 'utf8').catch(() => '');
  for (const line of journal.split('\n')) {
    const entry = line.trim() ? (JSON.parse(line) as { type: string; id: string; noticedAt?: string; detectedAt: string; messageFile?: string }) : undefined;
    if (entry?.type === 'found' && entry.messageFile) found.set(entry.id, entry);
  }
  const imap: number[] = [];
  const afterFetch: number[] = [];
  for (const probe of probes) {
    const entry = found.get(probe.id);
    if (probe.detectionMs === undefined || !entry?.noticedAt) continue;
    const server = Date.parse(entry.detectedAt) - Date.parse(entry.noticedAt);
    imap.push(server);
    afterFetch.push(probe.detectionMs - server);
  }
  return { imap: summary(imap), afterFetch: summary(afterFetch) };
}

/** The lab size for a probe count: 5 routes x (3 x seedsPerProvider) seeds x scenarios. */
export function labSize(probes: number): { seedsPerProvider: number; scenarios: number } {
  if (probes <= 120) return { seedsPerProvider: 1, scenarios: Math.max(1, Math.round(probes / 15)) };
  const seedsPerProvider = 34; // 102 seeds, 204 IDLE sessions: what a large customer watches
  return { seedsPerProvider, scenarios: Math.max(1, Math.round(probes / (15 * seedsPerProvider))) };
}

/** Scenario files beside the lab's landed.yaml, over every lab route and every seed. */
export async function project(lab: Lab, count: number): Promise<string[]> {
  const dir = join(lab.dir, 'bench');
  await mkdir(dir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => join(dir, `s${i}.yaml`));
  const routes = Object.keys(lab.info.routes).join(', ');
  await Promise.all(files.map((file, i) => writeFile(file, `name: s${i}\nroutes: [${routes}]\nmessage: { subject: "Bench ${i}", text: "Hello ${i}" }\ntimeout: 300s\n`)));
  return files;
}

/** Linux's USER_HZ: /proc/PID/stat counts CPU time in these ticks. */
const CLOCK_TICKS = 100;

/** utime + stime + cutime + cstime of /proc/PID/stat (fields 14-17; the command name may hold spaces). */
function cpuTicksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + (Number(fields[i]) || 0), 0);
}

/**
 * Runs a command to its end, sampling its peak RSS (VmHWM) and its CPU time from /proc: user + system of all
 * its threads and of its children it waited for (rspamd), as of the last sample (up to 100 ms short).
 */
export async function measure(command: string, args: string[], cwd: string, okCodes = [0], extraEnv: Record<string, string> = {}): Promise<{ wallMs: number; peakRssMb: number; cpuS: number; stdout: string; code: number | null }> {
  const t = performance.now();
  // bin/landed.js finds `node` on the PATH: the Node running this bench, as npm run puts it first.
  const env = { ...process.env, ...extraEnv, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = ''; // progress lines: only the end is kept, to say why a run failed
  child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-100_000)));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  let code: number | null = null;
  let exited = false;
  const closed = new Promise<void>((resolve) => child.on('close', (c) => ((code = c), (exited = true), resolve())));
  let peakKb = 0;
  let cpuTicks = 0;
  while (!exited) {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    cpuTicks = Math.max(cpuTicks, cpuTicksOf(await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '')));
    await Promise.race([sleep(100), closed]);
  }
  const wallMs = performance.now() - t;
  if (!okCodes.includes(code ?? -1)) throw new Error(`${command} exited with ${code}:\n${stderr}`);
  return { wallMs, peakRssMb: peakKb / 1024, cpuS: cpuTicks / CLOCK_TICKS, stdout, code };
}

/**
 * landed run through bin/landed.js, as a user starts it (its #! line sets its Node flags): from the build in
 * dist/ as an installed package runs (`from: 'src'`: the TypeScript sources, type-stripped at run time).
 */
export async function landedOnce(probes: number, from: 'dist' | 'src' = 'dist'): Promise<PairFigures['landed'] & { probes: number }> {
  const size = labSize(probes);
  const lab = await startLab({ seedsPerProvider: size.seedsPerProvider });
  try {
    const files = await project(lab, size.scenarios);
    const out = join(lab.dir, 'run');
    const m = await measure(BIN, ['run', '--config', lab.configFile, '--out', out, '--reporter', 'console', '--reporter', 'junit', ...files], lab.dir, [0, 1], { LANDED_RUN_FROM: from });
    const result = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResult;
    const placements: Record<string, number> = {};
    for (const p of result.probes) placements[p.placement] = (placements[p.placement] ?? 0) + 1;
    const lost = result.probes.filter((p) => !['inbox', 'spam', 'rejected'].includes(p.placement)).length;
    // landed's own share of detection (the server's EXISTS -> the probe on disk), as each probe records it.
    const detection = summary(result.probes.flatMap((p) => (p.detectionMs === undefined ? [] : [p.detectionMs])));
    const rspamdStarted = (result.content ?? []).some((c) => c.result && !c.result.reusedFrom);
    return { probes: result.probes.length, wallMs: m.wallMs, cpuS: m.cpuS, peakRssMb: m.peakRssMb, lost, placements, detection, detectionSplit: await detectionSplit(out, result.probes), rspamdStarted };
  } finally {
    await lab.stop();
  }
}

/** The baseline for the same plan (fresh tokens) in a fresh lab of the same size. */
export async function baselineOnce(probes: number): Promise<PairFigures['baseline']> {
  const size = labSize(probes);
  const lab = await startLab({ seedsPerProvider: size.seedsPerProvider });
  try {
    const files = await project(lab, size.scenarios);
    const io = { env: process.env, cwd: lab.dir };
    const config = await loadConfig(lab.configFile, io);
    const scenarios = await loadScenarios(config, files, io);
    const job = baselineJob(config, lab.info, buildPlan(config, scenarios, { runId: newRunId() }), scenarios);
    const jobFile = join(lab.dir, 'baseline-job.json');
    await writeFile(jobFile, JSON.stringify(job), { mode: 0o600 });
    const m = await measure(process.execPath, [BASELINE, jobFile], lab.dir);
    const { lost, detection } = JSON.parse(m.stdout) as Pick<PairFigures['baseline'], 'lost' | 'detection'>;
    return { wallMs: m.wallMs, cpuS: m.cpuS, peakRssMb: m.peakRssMb, lost, detection };
  } finally {
    await lab.stop();
  }
}

/**
 * landed and the baseline for about `probes` probes, `trials` times each, alternating which goes first (the
 * machine is shared: a neighbour's burst should not always hit the same side); the medians are compared.
 */
export async function benchPair(probes: number, trials = 1): Promise<PairFigures> {
  const landed: Array<Awaited<ReturnType<typeof landedOnce>>> = [];
  const baseline: Array<PairFigures['baseline']> = [];
  for (let i = 0; i < trials; i++) {
    if (i % 2 === 1) baseline.push(await baselineOnce(probes));
    landed.push(await landedOnce(probes));
    if (i % 2 === 0) baseline.push(await baselineOnce(probes));
  }
  const median = <T extends { wallMs: number }>(runs: T[]) => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)];
  const l = median(landed);
  return { probes: l.probes, landed: l, baseline: median(baseline) };
}
