import { scanWithRspamd, type ScanOptions } from './rspamd/client.ts';
import { startRspamd, type RspamdDaemon } from './rspamd/daemon.ts';
import type { ContentScore } from './types.ts';

export type { ScanOptions };

/**
 * A content scorer backed by a private rspamd, started at the first message (so a lab or a run that never
 * scores pays nothing) and once only; `close` stops it. Concurrent first calls share one start.
 */
export class ContentScorer {
  readonly #binary: string;
  #daemon?: Promise<RspamdDaemon>;
  #version?: string;

  constructor(options: { binary: string; version?: string }) {
    this.#binary = options.binary;
    this.#version = options.version;
  }

  /** rspamd's start-up time in ms, once it has started. */
  async startupMs(): Promise<number | undefined> {
    return this.#daemon ? (await this.#daemon).startupMs : undefined;
  }

  async score(raw: Buffer, options: ScanOptions = {}): Promise<ContentScore> {
    this.#daemon ??= startRspamd({ binary: this.#binary });
    // A failed start is not kept: the next message tries again (and says why again).
    const daemon = await this.#daemon.catch((error: unknown) => {
      this.#daemon = undefined;
      throw error;
    });
    const result = await scanWithRspamd(daemon.url, raw, options);
    return this.#version ? { ...result, scorer: `rspamd ${this.#version}` } : result;
  }

  async close(): Promise<void> {
    const daemon = this.#daemon;
    this.#daemon = undefined;
    if (daemon) await (await daemon.catch(() => undefined))?.stop();
  }
}
