import { LandedError } from '../errors.ts';

/**
 * Waits for `work`, but no longer than `ms`. imapflow has no per-operation timeouts, so every network
 * operation of the watcher goes through this; `onTimeout` closes the connection so the late operation fails
 * too instead of running on in the background.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new LandedError('TIMEOUT', `${what} did not finish within ${ms} ms`));
      try {
        onTimeout?.();
      } catch {
        // Cleanup of a connection that is already broken; the timeout is what matters.
      }
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    // The loser of the race must not become an unhandled rejection.
    work.catch(() => {});
  }
}

/** Resolves after `ms`, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
