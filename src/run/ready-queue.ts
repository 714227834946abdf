/**
 * One route's probes, handed out in plan order as their seeds become ready: a seed still logging in (or
 * retrying its login) holds up its own probes, never the other seeds' behind them. The route's few senders
 * pull from it, so a run keeps a number per queued probe, not a pending promise each (about 1 KB of closures
 * and contexts: 10 MB for 10,000 probes waiting their turn).
 */
export class ReadyQueue<T> {
  readonly #items: T[];
  /** Per seed that is ready, the positions of its items not yet handed out, in plan order. */
  readonly #ready: Array<{ positions: number[]; next: number }> = [];
  #unready: number;
  #waiters: Array<() => void> = [];

  /** `seedOf` names an item's seed; `seedReady` resolves once that seed is ready (it must not reject). */
  constructor(items: T[], seedOf: (item: T) => string, seedReady: (seedId: string) => Promise<void>) {
    this.#items = items;
    const bySeed = Map.groupBy(items.keys(), (position) => seedOf(items[position]!));
    this.#unready = bySeed.size;
    for (const [seed, positions] of bySeed) {
      void seedReady(seed).then(() => {
        this.#ready.push({ positions, next: 0 });
        this.#unready--;
        for (const wake of this.#waiters.splice(0)) wake();
      });
    }
  }

  /** The earliest planned item whose seed is ready, once there is one; undefined when all were handed out. */
  async next(): Promise<T | undefined> {
    for (;;) {
      let earliest: { positions: number[]; next: number } | undefined;
      for (const seed of this.#ready) {
        if (seed.next < seed.positions.length && (!earliest || seed.positions[seed.next]! < earliest.positions[earliest.next]!)) earliest = seed;
      }
      if (earliest) return this.#items[earliest.positions[earliest.next++]!];
      if (this.#unready === 0) return undefined;
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }
}
