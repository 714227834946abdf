/**
 * Combining the results of `landed run --shard i/n` into the run they are shards of. The merged result is
 * what an unsharded run of the same plan would have written: probes in id order, the earliest start, the
 * latest finish, and the worst status, with no `shard` field.
 */
import { LandedError } from '../errors.ts';
import { shardOf } from '../plan/shard.ts';
import type { RunResult, RunStatus } from './types.ts';

const STATUS_RANK: Record<RunStatus, number> = { passed: 0, failed: 1, interrupted: 2 };

export interface MergeOptions {
  /** Names the shards in error messages (file paths); defaults to "shard i/n". */
  sources?: string[];
  /**
   * The merged run's id. Needed when the shards were started with different ids (separate CI jobs that
   * could not share one); without it, shards of different runs are refused.
   */
  runId?: string;
}

export function mergeShards(shards: RunResult[], options: MergeOptions = {}): RunResult {
  const sources = options.sources ?? [];
  const name = (i: number) => {
    const shard = shards[i].shard;
    return sources[i] ?? (shard ? `shard ${shard.index}/${shard.total}` : `the results of run ${shards[i].runId}`);
  };
  if (!shards.length) throw new LandedError('USAGE', 'nothing to merge', { hint: 'Give the results.json of every shard.' });
  const problems: string[] = [];

  const runIds = [...new Set(shards.map((s) => s.runId))];
  if (runIds.length > 1 && !options.runId)
    problems.push(`the shards belong to different runs: ${runIds.join(', ')} (give --run-id to merge them as one)`);
  shards.forEach((s, i) => !s.shard && problems.push(`${name(i)}: not a shard (no "shard" field)`));
  const totals = [...new Set(shards.map((s) => s.shard?.total).filter((t) => t !== undefined))];
  if (totals.length > 1) problems.push(`the shards were cut differently: totals ${totals.join(', ')}`);
  const total = totals[0] ?? 0;
  const seen = new Map<number, number>();
  shards.forEach((s, i) => {
    if (!s.shard) return;
    const before = seen.get(s.shard.index);
    if (before !== undefined) problems.push(`${name(i)}: shard ${s.shard.index}/${total} is also in ${name(before)}`);
    seen.set(s.shard.index, i);
  });
  for (let index = 1; index <= total; index++)
    if (!seen.has(index)) problems.push(`shard ${index}/${total} is missing: its probes would be missing from the run`);
  const config = JSON.stringify(shards[0].config);
  shards.forEach((s, i) => JSON.stringify(s.config) !== config && problems.push(`${name(i)}: ran a different config than ${name(0)}`));

  const owner = new Map<string, number>();
  shards.forEach((s, i) => {
    for (const probe of s.probes) {
      const before = owner.get(probe.id);
      if (before !== undefined) problems.push(`probe ${probe.id} is in both ${name(before)} and ${name(i)}`);
      owner.set(probe.id, i);
      // A probe on the wrong shard means the shards come from different plans or landed versions.
      if (s.shard && total && shardOf(probe.id, total) !== s.shard.index)
        problems.push(`probe ${probe.id} is in ${name(i)} but belongs to shard ${shardOf(probe.id, total)}/${total}`);
    }
  });
  if (problems.length)
    throw new LandedError('USAGE', `cannot merge ${shards.length} shard${shards.length === 1 ? '' : 's'}`, {
      problems: problems.slice(0, 50),
      hint: 'Merge the results.json of every shard of one run, each exactly once.',
    });

  const { shard: _shard, ...first } = shards[0];
  return {
    ...first,
    runId: options.runId ?? first.runId,
    startedAt: minIso(shards.map((s) => s.startedAt)),
    finishedAt: maxIso(shards.map((s) => s.finishedAt)),
    status: shards.map((s) => s.status).reduce((a, b) => (STATUS_RANK[b] > STATUS_RANK[a] ? b : a)),
    probes: shards.flatMap((s) => s.probes).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

const minIso = (values: string[]) => values.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
const maxIso = (values: string[]) => values.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
