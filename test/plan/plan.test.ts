import { describe, expect, it } from 'vitest';
import { shardOf, parseShard } from '../../src/plan/shard.ts';
import { findTokens, newToken, TOKEN_PATTERN } from '../../src/plan/token.ts';

describe('tokens', () => {
  it('are unique, match the pattern, and are found again in text a provider rewrote', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    const [token] = tokens;
    expect(token).toMatch(TOKEN_PATTERN);
    expect(findTokens(`Re: [SPAM] Your quote [${token.toUpperCase()}] and again ${token}`)).toEqual([token]);
  });
});

describe('shards', () => {
  it('split probes deterministically, each probe in exactly one shard, roughly evenly', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `scenario/route-${i % 7}/seed-${i}`);
    const counts = [0, 0, 0];
    for (const id of ids) {
      const shard = shardOf(id, 3);
      expect(shardOf(id, 3)).toBe(shard);
      counts[shard - 1]++;
    }
    expect(counts.reduce((a, b) => a + b)).toBe(3000);
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it('parse i/n and refuse what is not a shard', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2']) expect(() => parseShard(bad)).toThrow(/expected i\/n/);
  });
});
