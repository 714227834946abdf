import { describe, expect, it } from 'vitest';
import { openHistory } from '../../src/history/index.ts';
import type { Placement, RunResult } from '../../src/results/types.ts';
import { makeRun } from '../reporters/fixtures.ts';

const DAY = 86_400_000;
const start = Date.parse('2026-10-01T06:00:00.000Z');

/** Run n of a series: route m365 to the gmail seed, with the given placement and DKIM verdict. */
function dayRun(n: number, placement: Placement, dkim: 'pass' | 'fail', latencies: number[] = [1000]): RunResult {
  const run = makeRun({ runId: `run-${n}`, routes: ['m365'], seeds: latencies.map((_, i) => ({ id: `gmail-${i}`, provider: 'gmail' })), startedAt: new Date(start + n * DAY).toISOString() });
  run.probes = run.probes.map((p, i) => ({ ...p, placement, latencyMs: latencies[i], auth: { spf: 'pass', dkim, dmarc: dkim } }));
  return run;
}

describe('trend queries', () => {
  it('with three runs, every line has three points and the rates of each run', () => {
    const history = openHistory(':memory:');
    for (const seed of [1, 2, 3]) history.importRun(makeRun({ runId: `r${seed}`, random: seed, startedAt: new Date(start + seed * DAY).toISOString() }));
    const trend = history.trend({ now: start + 10 * DAY });
    expect(trend.bucket).toBe('run');
    expect(trend.times).toEqual([1, 2, 3].map((d) => start + d * DAY));
    expect(trend.cells).toHaveLength(3 * 4);
    for (const cell of trend.cells) {
      expect(cell.counts.probes).toEqual([1, 1, 1]);
      const expected = [1, 2, 3].map((seed) => {
        const probe = makeRun({ random: seed }).probes.find((p) => p.route === cell.route && p.provider === cell.provider)!;
        return probe.placement === 'inbox' ? 1 : 0;
      });
      expect(cell.counts.inbox).toEqual(expected);
    }
  });

  it('computes nearest-rank latency percentiles in SQL', () => {
    const history = openHistory(':memory:');
    const latencies = Array.from({ length: 20 }, (_, i) => (20 - i) * 100); // 2000, 1900, ... 100
    history.importRun(dayRun(0, 'inbox', 'pass', latencies));
    const [cell] = history.trend({ now: start + DAY }).cells;
    expect(cell.p50).toEqual([1000]); // 10th of 20 sorted values
    expect(cell.p95).toEqual([1900]); // 19th of 20
  });

  it('day buckets (from the daily rollup) give the same figures as the probes themselves', () => {
    const history = openHistory(':memory:');
    const runs: RunResult[] = [];
    for (let n = 0; n < 12; n++) {
      const latencies = Array.from({ length: 5 }, (_, i) => ((n * 7 + i * 13) % 17) * 250 + 100);
      const run = dayRun(0, n % 3 ? 'inbox' : 'spam', n % 4 ? 'pass' : 'fail', latencies);
      runs.push({ ...run, runId: `r${n}`, startedAt: new Date(start + n * 8 * 3_600_000).toISOString() }); // three a day
    }
    for (const run of runs) history.importRun(run);
    const trend = history.trend({ maxPoints: 5, now: start + 5 * DAY });
    expect(trend.bucket).toBe('day');
    const days = [...new Set(runs.map((r) => Math.floor(Date.parse(r.startedAt) / DAY) * DAY))];
    expect(trend.times).toEqual(days);
    for (const [i, day] of days.entries()) {
      const probes = runs.filter((r) => Math.floor(Date.parse(r.startedAt) / DAY) * DAY === day).flatMap((r) => r.probes);
      const cell = trend.cells.find((c) => c.provider === 'gmail')!;
      const sorted = probes.map((p) => p.latencyMs!).sort((a, b) => a - b);
      expect(cell.counts.probes[i]).toBe(probes.filter((p) => p.provider === 'gmail').length);
      expect(cell.counts.inbox[i]).toBe(probes.filter((p) => p.placement === 'inbox').length);
      expect(cell.counts.dkimPass[i]).toBe(probes.filter((p) => p.auth.dkim === 'pass').length);
      expect(cell.p50[i]).toBe(sorted[Math.ceil(sorted.length * 0.5) - 1]);
      expect(cell.p95[i]).toBe(sorted[Math.ceil(sorted.length * 0.95) - 1]);
    }
  });

  it('6-hour buckets (the 90-day report) come from the 6-hour rollup alone, with the figures of the probes', () => {
    const history = openHistory(':memory:');
    const runs: RunResult[] = [];
    for (let n = 0; n < 36; n++) {
      const latencies = Array.from({ length: 4 }, (_, i) => ((n * 5 + i * 11) % 13) * 300 + 100);
      const run = dayRun(0, n % 5 ? 'inbox' : 'spam', n % 7 ? 'pass' : 'fail', latencies);
      runs.push({ ...run, runId: `r${n}`, startedAt: new Date(start + n * 2 * 3_600_000).toISOString() }); // every 2 hours
    }
    for (const run of runs) history.importRun(run);
    const SIX = 6 * 3_600_000;
    const options = { maxPoints: 15, since: start, until: start + 3 * DAY, now: start + 5 * DAY };
    const fromProbes = history.trend(options);
    expect(fromProbes.bucket).toBe('6 hours');
    const spans = [...new Set(runs.map((r) => Math.floor(Date.parse(r.startedAt) / SIX) * SIX))];
    expect(fromProbes.times).toEqual(spans);
    const cell = fromProbes.cells[0];
    for (const [i, span] of spans.entries()) {
      const probes = runs.filter((r) => Math.floor(Date.parse(r.startedAt) / SIX) * SIX === span).flatMap((r) => r.probes);
      const sorted = probes.map((p) => p.latencyMs!).sort((a, b) => a - b);
      expect(cell.counts.probes[i]).toBe(probes.length);
      expect(cell.counts.spam[i]).toBe(probes.filter((p) => p.placement === 'spam').length);
      expect(cell.counts.dkimPass[i]).toBe(probes.filter((p) => p.auth.dkim === 'pass').length);
      expect(cell.p50[i]).toBe(sorted[Math.ceil(sorted.length * 0.5) - 1]);
      expect(cell.p95[i]).toBe(sorted[Math.ceil(sorted.length * 0.95) - 1]);
    }
    // The same report with the probes table emptied: it never read it.
    history.db.exec('DELETE FROM probes');
    expect({ ...history.trend(options), generatedAt: '' }).toEqual({ ...fromProbes, generatedAt: '' });
  });

  it('annotates where a verdict changed and finds the first bad run after a good streak', () => {
    const history = openHistory(':memory:');
    const series: [Placement, 'pass' | 'fail'][] = [['inbox', 'pass'], ['inbox', 'pass'], ['inbox', 'pass'], ['spam', 'fail'], ['inbox', 'pass'], ['spam', 'pass']];
    series.forEach(([placement, dkim], n) => history.importRun(dayRun(n, placement, dkim)));
    const trend = history.trend({ now: start + 10 * DAY });
    const changes = trend.annotations.map((a) => `${(a.t - start) / DAY} ${a.check} ${a.from}->${a.to}`);
    expect(changes).toEqual([
      '3 placement inbox->spam',
      '3 dkim pass->fail',
      '3 dmarc pass->fail',
      '4 placement spam->inbox',
      '4 dkim fail->pass',
      '4 dmarc fail->pass',
      '5 placement inbox->spam',
    ]);
    const bad = history.firstBadAfterGoodStreak({ threshold: 0.9, minStreak: 2 });
    expect(bad.map((b) => [b.runId, b.goodStreak, b.inboxRate])).toEqual([['run-3', 3, 0]]);
    expect(history.firstBadAfterGoodStreak({ threshold: 0.9, minStreak: 1 }).map((b) => b.runId)).toEqual(['run-3', 'run-5']);
  });

  it('buckets by time when there are more runs than points, and keeps to the period', () => {
    const history = openHistory(':memory:');
    for (let n = 0; n < 10; n++) history.importRun(dayRun(n, n % 2 ? 'spam' : 'inbox', 'pass'));
        // Day and week buckets cover whole UTC days: give a period of whole days.
    const midnight = Date.parse('2026-10-01T00:00:00.000Z');
    const trend = history.trend({ maxPoints: 5, since: midnight + 2 * DAY, until: midnight + 8 * DAY, now: start + 20 * DAY });
    expect(trend.runs).toBe(6);
    expect(trend.bucket).toBe('week');
    expect(trend.times.length).toBeLessThanOrEqual(2);
    expect(trend.cells[0].counts.probes.reduce((a, b) => a + b, 0)).toBe(6);
    expect(trend.cells[0].counts.inbox.reduce((a, b) => a + b, 0)).toBe(3);
    // Two runs a day for five days: 10 runs do not fit in 6 points, 5 days do.
    const twice = openHistory(':memory:');
    for (let n = 0; n < 10; n++) twice.importRun({ ...dayRun(n, 'inbox', 'pass'), startedAt: new Date(start + (n * DAY) / 2).toISOString() });
    const daily = twice.trend({ maxPoints: 6, since: start, until: start + 5 * DAY, now: start + 20 * DAY });
    expect(daily.bucket).toBe('day');
    expect(daily.times).toHaveLength(5);
    expect(daily.cells[0].counts.probes).toEqual([2, 2, 2, 2, 2]);
  });
});
