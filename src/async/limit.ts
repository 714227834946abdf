/**
 * At most `limit` tasks at once, the others waiting in the order they asked: messages in flight per route,
 * analyses at once.
 */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((go) => queue.push(go));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
