/**
 * Benchmark of the history and the trend report: a synthetic year of hourly runs x 60 route-provider cells x
 * 2 seeds (8,760 runs, 1,051,200 probe rows) in a temp database; prints the import time, the trend build time
 * (SQL aggregation + HTML) for the whole history and for the last 90 days, and the HTML size. Run alone
 * (`node bench/history.ts`) or from bench/index.ts.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openHistory } from '../src/history/index.ts';
import { renderTrendReport } from '../src/reporters/html/trend-report.ts';
import type { Placement, ProbeResult, RunResult } from '../src/results/types.ts';

const HOUR = 3_600_000;
const ROUTES = ['m365', 'ses', 'postfix', 'sendgrid', 'mailgun', 'postmark', 'sparkpost', 'exim', 'gworkspace', 'zoho'];
const PROVIDERS = ['gmail', 'outlook', 'yahoo', 'gmx', 'icloud', 'webde'];
const SEEDS = 2;

export interface HistoryBenchFigures {
  runs: number;
  probes: number;
  importMs: number;
  dbBytes: number;
  trendQueryMs: number;
  trendBuildMs: number;
  /** The default `--since 90d` report over the same year: 6-hour buckets read from the probes table. */
  trend90dMs: number;
  /** CPU time (user + system) of each report: what a quiet machine would take, near enough, on a shared one. */
  trendCpuMs: number;
  trend90dCpuMs: number;
  points90d: number;
  htmlBytes: number;
  points: number;
  bucket: string;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One hourly run: every cell gets a probe; m365 x gmail loses DKIM for two weeks in the spring. */
function syntheticRun(n: number, start: number, rnd: () => number): RunResult {
  const startedAt = start + n * HOUR;
  const probes: ProbeResult[] = [];
  for (const route of ROUTES)
    for (const provider of PROVIDERS)
    for (let seed = 1; seed <= SEEDS; seed++) {
      const broken = route === 'm365' && provider === 'gmail' && n >= 2400 && n < 2736;
      const dkim = broken || rnd() < 0.01 ? 'fail' : 'pass';
      const r = rnd();
      const placement: Placement = broken ? (r < 0.6 ? 'inbox' : 'spam') : r < 0.95 ? 'inbox' : r < 0.985 ? 'spam' : r < 0.995 ? 'missing' : 'rejected';
      const delivered = placement === 'inbox' || placement === 'spam';
      probes.push({
        id: `daily/${route}/${provider}-${seed}`,
        scenario: 'daily',
        route,
        seed: `${provider}-${seed}`,
        provider,
        token: `t${n}`,
        placement,
        smtp: { code: 250, attempts: 1, retries: [] },
        latencyMs: delivered ? Math.round(800 + 20_000 * rnd() ** 3) : undefined,
        auth: delivered ? { spf: 'pass', dkim, dmarc: dkim } : { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' },
        notes: [],
        expectations: [{ check: 'placement', expected: 'inbox', actual: placement, ok: placement === 'inbox' }],
      });
    }
  return {
    schemaVersion: 1,
    runId: `bench-${n}`,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(startedAt + 300_000).toISOString(),
    status: probes.every((p) => p.placement === 'inbox') ? 'passed' : 'failed',
    config: { file: 'landed.yaml', scenarios: ['daily'], routes: ROUTES, seeds: PROVIDERS.flatMap((p) => Array.from({ length: SEEDS }, (_, i) => `${p}-${i + 1}`)) },
    probes,
  };
}

export function benchHistory(runs = 365 * 24): HistoryBenchFigures {
  const dir = mkdtempSync(join(tmpdir(), 'landed-bench-history-'));
  const path = join(dir, 'history.sqlite');
  try {
    const now = Date.parse('2026-11-01T00:00:00.000Z');
    const start = now - runs * HOUR;
    const rnd = random(42);
    const history = openHistory(path);
    let t = performance.now();
    for (let n = 0; n < runs; n++) history.importRun(syntheticRun(n, start, rnd));
    const importMs = performance.now() - t;
    history.close();

    // A fresh process would open the file cold: time the report from a newly opened database.
    const reader = openHistory(path);
    let cpu = process.cpuUsage();
    t = performance.now();
    const trend = reader.trend({ since: start, until: now, now });
    const trendQueryMs = performance.now() - t;
    const html = renderTrendReport(trend);
    const trendBuildMs = performance.now() - t;
    const trendCpu = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    t = performance.now();
    const recent = reader.trend({ since: now - 90 * 24 * HOUR, until: now, now });
    renderTrendReport(recent);
    const trend90dMs = performance.now() - t;
    const trend90dCpu = process.cpuUsage(cpu);
    const cpuMs = (u: NodeJS.CpuUsage) => Math.round((u.user + u.system) / 1000);
    reader.close();
    return {
      runs,
      probes: runs * ROUTES.length * PROVIDERS.length * SEEDS,
      importMs: Math.round(importMs),
      dbBytes: statSync(path).size,
      trendQueryMs: Math.round(trendQueryMs),
      trendBuildMs: Math.round(trendBuildMs),
      trend90dMs: Math.round(trend90dMs),
      trendCpuMs: cpuMs(trendCpu),
      trend90dCpuMs: cpuMs(trend90dCpu),
      points90d: recent.times.length,
      htmlBytes: Buffer.byteLength(html),
      points: trend.times.length,
      bucket: trend.bucket,
    };
  } finally {
    if (!process.env.LANDED_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${path}\n`);
  }
}

export function printHistoryBench(f: HistoryBenchFigures, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  out(`history: ${f.runs} hourly runs x ${ROUTES.length * PROVIDERS.length} cells x ${SEEDS} seeds = ${f.probes} probe rows`);
  out(`  import (addRun per run): ${f.importMs} ms, database ${mb(f.dbBytes)}`);
  out(`  trend report, whole year: ${f.trendBuildMs} ms wall, ${f.trendCpuMs} ms CPU (SQL aggregation ${f.trendQueryMs} ms), HTML ${mb(f.htmlBytes)}, ${f.points} points per line (one per ${f.bucket})`);
  out(`  trend report, last 90 days: ${f.trend90dMs} ms wall, ${f.trend90dCpuMs} ms CPU, ${f.points90d} points per line (targets: whole <= 1 s, 90 days <= 0.5 s)`);
}

// `node bench/history.ts [RUNS]`: fewer runs for a quick look; the figures that count are for a full year.
if (import.meta.main) printHistoryBench(benchHistory(Number(process.argv[2]) || undefined));
