import { describe, expect, it } from 'vitest';
import { ReadyQueue } from '../../src/run/ready-queue.ts';

describe('ReadyQueue', () => {
  it('hands out the earliest planned item of a ready seed, waits while only unready seeds are left, then ends', async () => {
    let aReady!: () => void;
    const ready = { a: new Promise<void>((resolve) => (aReady = resolve)), b: Promise.resolve() };
    const queue = new ReadyQueue(['a1', 'b1', 'a2', 'b2', 'a3'], (item) => item[0]!, (seed) => ready[seed as 'a' | 'b']);
    expect([await queue.next(), await queue.next()]).toEqual(['b1', 'b2']);
    const third = queue.next();
    let handed: string | undefined;
    void third.then((item) => (handed = item));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handed).toBeUndefined(); // seed a is not ready: nothing to hand out yet
    aReady();
    expect(await third).toBe('a1');
    expect([await queue.next(), await queue.next(), await queue.next()]).toEqual(['a2', 'a3', undefined]);
  });

  it('keeps the plan order across seeds that are all ready', async () => {
    const queue = new ReadyQueue(['a1', 'b1', 'c1', 'a2', 'b2'], (item) => item[0]!, async () => {});
    const out: Array<string | undefined> = [];
    for (let item = await queue.next(); item; item = await queue.next()) out.push(item);
    expect(out).toEqual(['a1', 'b1', 'c1', 'a2', 'b2']);
  });
});
