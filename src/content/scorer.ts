import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { scanWithRspamd, type ScanOptions } from './rspamd/client.ts';
import { DISABLED_MODULES } from './rspamd/config.ts';
import { startRspamd, type RspamdDaemon } from './rspamd/daemon.ts';
import { LANDED_RULES_LUA } from './rspamd/rules.ts';
import type { ScoreCache } from './score-cache.ts';
import type { ContentScore } from './types.ts';

export type { ScanOptions };

export interface ScorerOptions {
  binary: string;
  /** rspamd's version, shown with each score. */
  version?: string;
  /** Where scores are kept between runs: every score rspamd gives is written there. */
  cache?: ScoreCache;
  /** Answer from `cache` when it has this very message; otherwise it is only written. */
  reuse?: boolean;
}

/**
 * A content scorer backed by a private rspamd, started at the first message it has to ask about (so a lab or
 * a run that never scores, or finds every score in its cache, pays nothing) and once only; `close` stops it.
 * Concurrent first calls share one start.
 */
export class ContentScorer {
  readonly #options: ScorerOptions;
  #daemon?: Promise<RspamdDaemon>;

  constructor(options: ScorerOptions) {
    this.#options = options;
  }

  /** rspamd's start-up time in ms, once it has started. */
  async startupMs(): Promise<number | undefined> {
    return this.#daemon ? (await this.#daemon).startupMs : undefined;
  }

  async score(raw: Buffer, options: ScanOptions = {}): Promise<ContentScore> {
    const { cache, reuse, version } = this.#options;
    const key = cache?.keyOf(raw, options);
    const kept = cache && key && reuse ? await cache.get(key) : undefined;
    if (kept) return { ...kept.result, reusedFrom: kept.scoredAt };
    this.#daemon ??= startRspamd({ binary: this.#options.binary });
    // A failed start is not kept: the next message tries again (and says why again).
    const daemon = await this.#daemon.catch((error: unknown) => {
      this.#daemon = undefined;
      throw error;
    });
    const scanned = await scanWithRspamd(daemon.url, raw, options);
    const result = version ? { ...scanned, scorer: `rspamd ${version}` } : scanned;
    if (cache && key) await cache.set(key, result);
    return result;
  }

  async close(): Promise<void> {
    const daemon = this.#daemon;
    this.#daemon = undefined;
    if (daemon) await (await daemon.catch(() => undefined))?.stop();
  }
}

/**
 * What decides a score besides the message: rspamd's build (its version, and the binary's size and time, which
 * change with every package update and so with its stock rules) and landed's version and own rules.
 */
export async function scorerFingerprint(binary: string, version: string, landedVersion: string): Promise<string> {
  const { size, mtimeMs } = await stat(binary);
  const rules = createHash('sha256').update(LANDED_RULES_LUA).update(DISABLED_MODULES.join(',')).digest('hex');
  return JSON.stringify({ rspamd: [version, size, mtimeMs], landed: landedVersion, rules });
}
