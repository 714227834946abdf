/**
 * Shards on the lab: four `landed run --shard i/4` with one run id, merged by `landed merge`, give the same
 * probes and outcomes as one unsharded run of the same plan, and every reporter works on the merged run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { landed, readResults, tempDir, writeScenario } from './cli.ts';

let lab: Lab;
beforeAll(async () => (lab = await startLab()));
afterAll(async () => lab?.stop());

it('a run in four shards, merged, equals the unsharded run', async () => {
  const work = await tempDir('landed-shards-');
  const scenarios = [
    await writeScenario(work, 'a', 'message: { subject: A, text: Hello }\nexpect: { placement: [inbox, spam, rejected] }\ntimeout: 120s\n'),
    await writeScenario(work, 'b', 'routes: [relay, erp]\nmessage: { subject: B, text: Hello }\nexpect: { placement: [inbox, spam, rejected] }\ntimeout: 120s\n'),
  ];
  const whole = await landed(['run', '--config', lab.configFile, '--out', join(work, 'whole'), ...scenarios], { cwd: work });
  expect(whole.code).toBe(0);

  const shards = await Promise.all(
    [1, 2, 3, 4].map((i) => landed(['run', '--config', lab.configFile, '--shard', `${i}/4`, '--run-id', 'nightly-42', '--out', join(work, `shard-${i}`), ...scenarios], { cwd: work })),
  );
  expect(shards.map((s) => s.code)).toEqual([0, 0, 0, 0]);
  const sizes = await Promise.all([1, 2, 3, 4].map(async (i) => (await readResults(join(work, `shard-${i}`))).probes.length));
  expect(sizes.every((n) => n > 0)).toBe(true);

  const reporters = ['junit', 'markdown', 'html'].flatMap((r) => ['--reporter', r]);
  const merge = await landed(['merge', ...[1, 2, 3, 4].map((i) => join(work, `shard-${i}`)), '--out', join(work, 'merged'), ...reporters], { cwd: work });
  expect(merge.stderr).toBe('');
  expect(merge.code).toBe(0);

  const outcome = (r: Awaited<ReturnType<typeof readResults>>) =>
    r.probes.map((p) => [p.id, p.placement, p.folder, p.auth.spf, p.auth.dkim, p.auth.dmarc].join(' ')).sort();
  const merged = await readResults(join(work, 'merged'));
  const unsharded = await readResults(join(work, 'whole'));
  expect(merged.runId).toBe('nightly-42');
  expect(merged.probes.length).toBe(sizes.reduce((a, b) => a + b));
  expect(outcome(merged)).toEqual(outcome(unsharded));
  const testcases = (xml: string) => (xml.match(/<testcase /g) ?? []).length;
  expect(testcases(await readFile(join(work, 'merged', 'junit.xml'), 'utf8'))).toBe(unsharded.probes.reduce((n, p) => n + p.expectations.length, 0));
  expect(await readFile(join(work, 'merged', 'report.html'), 'utf8')).toContain('nightly-42');
}, 600_000); // a cap, not a measure: five runs and a merge on a machine that may be busy
