import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../../src/plan/shard.ts';
import { createReporters, REPORTER_NAMES } from '../../src/reporters/index.ts';
import { mergeShards } from '../../src/results/merge.ts';
import type { RunResult } from '../../src/results/types.ts';
import { captureOptions } from './capture.ts';
import { makeRun, splitRun } from './fixtures.ts';

const plan = { scenarios: ['newsletter', 'receipts'], routes: ['m365', 'ses', 'postfix', 'sendgrid'], random: 3 };
const byId = (run: RunResult) => ({ ...run, probes: [...run.probes].sort((a, b) => a.id.localeCompare(b.id)) });

/** Every reporter's output for one run: stdout, stderr, the step summary and each file it wrote. */
async function everyReporter(run: RunResult): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'landed-merge-'));
  const stepSummary = join(dir, 'step-summary.md');
  writeFileSync(stepSummary, '');
  const { options, stdout, stderr } = captureOptions(dir, { env: { GITHUB_STEP_SUMMARY: stepSummary } });
  const reporter = createReporters([...REPORTER_NAMES], options);
  await reporter.onEnd!(run, dir);
  expect(reporter.failures).toEqual([]);
  const file = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    stdout: stdout.text,
    stderr: stderr.text,
    stepSummary: file('step-summary.md'),
    junit: file('junit.xml'),
    markdown: file('summary.md'),
    html: file('report.html'),
  };
}

describe('merging shards', () => {
  const unsharded = makeRun(plan);
  const shards = splitRun(unsharded, 3, shardOf);

  it('splits the plan into three non-empty shards', () => {
    expect(shards.map((s) => s.probes.length).every((n) => n > 0)).toBe(true);
    expect(shards.reduce((n, s) => n + s.probes.length, 0)).toBe(unsharded.probes.length);
  });

  it('gives the same results as the unsharded run, in any shard order', () => {
    expect(mergeShards(shards)).toEqual(byId(unsharded));
    expect(mergeShards([shards[2], shards[0], shards[1]])).toEqual(byId(unsharded));
  });

  it('every reporter renders the merged run exactly like the unsharded one', async () => {
    const merged = await everyReporter(mergeShards(shards));
    const direct = await everyReporter(unsharded);
    for (const key of Object.keys(direct)) expect(merged[key], key).toBe(direct[key]);
    expect(direct.junit).toContain('<testsuites');
    expect(direct.html).toContain('<!doctype html>');
  });

  it('takes the worst status: one interrupted shard makes the run interrupted', () => {
    const interrupted = shards.map((s, i) => (i === 1 ? { ...s, status: 'interrupted' as const } : s));
    expect(mergeShards(interrupted).status).toBe('interrupted');
    const passing = shards.map((s) => ({ ...s, status: 'passed' as const }));
    expect(mergeShards(passing).status).toBe('passed');
  });

  it('refuses a missing shard, a duplicate, a probe on the wrong shard and shards of another run', () => {
    const problems = (list: RunResult[]) => {
      try {
        mergeShards(list);
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
      throw new Error('merge accepted it');
    };
    expect(problems([shards[0], shards[2]])).toEqual(['shard 2/3 is missing: its probes would be missing from the run']);
    expect(problems([shards[0], shards[1], shards[2], shards[1]]).join('\n')).toMatch(/shard 2\/3 is also in shard 2\/3/);
    const moved = shards[1].probes[0];
    const wrong = [{ ...shards[0], probes: [...shards[0].probes, moved] }, { ...shards[1], probes: shards[1].probes.slice(1) }, shards[2]];
    expect(problems(wrong)).toEqual([`probe ${moved.id} is in shard 1/3 but belongs to shard 2/3`]);
    const otherRun = [shards[0], shards[1], { ...shards[2], runId: 'other' }];
    expect(problems(otherRun)[0]).toBe(`the shards belong to different runs: ${unsharded.runId}, other (give --run-id to merge them as one)`);
    expect(mergeShards(otherRun, { runId: 'ci-42' })).toEqual({ ...byId(unsharded), runId: 'ci-42' });
    expect(problems([unsharded])).toEqual([`the results of run ${unsharded.runId}: not a shard (no "shard" field)`]);
  });
});
