import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { linkedAbort } from '../../src/async/linked-abort.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve)); // lets finalizers run
  }
  return process.memoryUsage().heapUsed;
}

describe('linkedAbort', () => {
  it('aborts with its parent, with the parent\'s reason', () => {
    const run = new AbortController();
    const link = linkedAbort(run.signal);
    run.abort(new Error('Ctrl-C'));
    expect(link.signal.aborted).toBe(true);
    expect((link.signal.reason as Error).message).toBe('Ctrl-C');
  });

  it('is aborted from the start under a parent already aborted', () => {
    const run = new AbortController();
    run.abort();
    expect(linkedAbort(run.signal).signal.aborted).toBe(true);
  });

  it('aborts by itself without touching its parent', () => {
    const run = new AbortController();
    const link = linkedAbort(run.signal);
    link.abort();
    expect(link.signal.aborted).toBe(true);
    expect(run.signal.aborted).toBe(false);
  });

  it('aborts by itself with the AbortError of a plain abort(), one made once rather than per call', () => {
    const [first, second] = [linkedAbort(new AbortController().signal), linkedAbort(new AbortController().signal)];
    first.abort();
    second.abort();
    expect(first.signal.reason).toBeInstanceOf(DOMException);
    expect((first.signal.reason as DOMException).name).toBe('AbortError');
    expect(second.signal.reason).toBe(first.signal.reason);
  });

  it('once released, no longer follows its parent and leaves nothing on it', () => {
    const run = new AbortController();
    const link = linkedAbort(run.signal);
    link.release();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    run.abort();
    expect(link.signal.aborted).toBe(false);
  });

  // One per probe under the run's signal: what a released link leaves behind must not grow with the run.
  // AbortSignal.any([run, own]) keeps about 170 bytes per call on the run's signal until the run ends.
  it('leaves its parent no heavier however many links were made and released', async () => {
    const run = new AbortController();
    const before = await heapAfterGc();
    for (let i = 0; i < 20_000; i++) {
      const link = linkedAbort(run.signal);
      link.abort();
      link.release();
    }
    const grown = (await heapAfterGc()) - before;
    expect(grown).toBeLessThan(1024 * 1024);
  });
});
