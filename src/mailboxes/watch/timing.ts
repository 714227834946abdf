/** The watcher's clocks and limits. Defaults suit real providers; tests and the lab shorten them. */
export interface WatchTiming {
  /** Deadline of each IMAP operation (connect+login, SELECT, SEARCH, FETCH...). */
  opTimeoutMs: number;
  /** Poll interval where IDLE is missing, or when one connection watches several folders. */
  pollMs: number;
  /** Search again after this long even in IDLE: a missed `exists` event costs at most this much. */
  recheckMs: number;
  /** Longest pause between reconnection attempts (the backoff doubles from 250 ms up to this). */
  maxBackoffMs: number;
  /** Largest message handed to the run; the rest is cut and the probe marked truncated. */
  maxMessageBytes: number;
}

export const DEFAULT_TIMING: WatchTiming = {
  opTimeoutMs: 60_000,
  pollMs: 15_000,
  recheckMs: 60_000,
  maxBackoffMs: 30_000,
  maxMessageBytes: 25 * 1024 * 1024,
};

/** 250 ms, 500 ms, 1 s... up to the cap, with up to 20 % jitter so many seeds do not reconnect in step. */
export function backoffMs(attempt: number, capMs: number): number {
  const base = Math.min(capMs, 250 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + Math.random() * 0.2));
}
