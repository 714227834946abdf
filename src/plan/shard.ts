import { createHash } from 'node:crypto';
import { LandedError } from '../errors.ts';

export interface Shard {
  index: number; // 1-based, as written on the command line
  total: number;
}

/** "2/3" -> { index: 2, total: 3 }. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const shard = match && { index: Number(match[1]), total: Number(match[2]) };
  if (!shard || shard.total < 1 || shard.index < 1 || shard.index > shard.total) {
    throw new LandedError('USAGE', `--shard ${value}: expected i/n with 1 <= i <= n, e.g. 2/3`);
  }
  return shard;
}

/**
 * Which shard (1-based) a probe belongs to: a hash of its stable id, so a probe stays on the same shard from
 * run to run whatever else the plan contains.
 */
export function shardOf(probeId: string, total: number): number {
  const digest = createHash('sha1').update(probeId).digest();
  return (digest.readUInt32BE(0) % total) + 1;
}
