import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { capPrintable, LIMITS } from '../analysis/limits.ts';
import { readCapped } from '../capped-read.ts';
import type { ScanOptions } from './rspamd/client.ts';
import type { ContentScore } from './types.ts';

/** A score is reused for a week at most: a scheduled run still asks rspamd again now and then. */
export const SCORE_MAX_AGE_MS = 7 * 24 * 3600_000;
/** One entry is a few KB (symbols and their details are capped); a larger file is not one of ours. */
const MAX_ENTRY_BYTES = 256 * 1024;

// The file is the user's, but read like any input: shape checked, every string made printable and capped again.
const text = z.string().transform((s) => capPrintable(s, LIMITS.short));
const entrySchema = z.object({
  scoredAt: z.iso.datetime(),
  result: z.object({
    scorer: text,
    score: z.number(),
    action: text,
    thresholds: z.object({ greylist: z.number(), junk: z.number(), reject: z.number() }),
    symbols: z.array(z.object({ name: text, score: z.number(), meaning: text, fix: text.optional(), details: z.array(text).max(10) })).max(500),
    elapsedMs: z.number(),
  }),
});

/**
 * Content scores kept between runs, one small JSON file per message: a scheduled run of unchanged scenarios
 * does not start rspamd at all (its start-up is about a CPU-second, beside the sending). The key is the
 * message as scored (canonicalMessage: without what differs between two builds of the same content), its
 * envelope and the scorer (`fingerprint`: rspamd's build, landed's version and rules), so any change to what
 * decides the score is a new entry. Unreadable or broken entries are misses.
 */
export class ScoreCache {
  readonly #dir: string;
  readonly #fingerprint: string;
  readonly #now: () => number;

  constructor(dir: string, fingerprint: string, now: () => number = Date.now) {
    this.#dir = dir;
    this.#fingerprint = fingerprint;
    this.#now = now;
  }

  keyOf(raw: Buffer, options: ScanOptions): string {
    const hash = createHash('sha256').update(JSON.stringify([this.#fingerprint, options.mailFrom ?? '', options.rcptTo ?? '', Boolean(options.bulk)]));
    return hash.update(canonicalMessage(raw)).digest('hex');
  }

  /** The score kept for this key and when it was computed, unless there is none or it is older than a week. */
  async get(key: string): Promise<{ result: ContentScore; scoredAt: string } | undefined> {
    try {
      const entry = entrySchema.parse(JSON.parse((await readCapped(this.#file(key), { maxBytes: MAX_ENTRY_BYTES })).toString('utf8')));
      const age = this.#now() - Date.parse(entry.scoredAt);
      return age >= 0 && age <= SCORE_MAX_AGE_MS ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps a fresh score; a cache that cannot be written costs the next run a rescoring, nothing else. */
  async set(key: string, result: ContentScore): Promise<void> {
    const file = this.#file(key);
    const entry = { scoredAt: new Date(this.#now()).toISOString(), result };
    try {
      await mkdir(this.#dir, { recursive: true, mode: 0o700 });
      await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(entry), { mode: 0o600 });
      await rename(`${file}.${process.pid}.tmp`, file);
    } catch {
      // Not kept: see above.
    }
  }

  #file(key: string): string {
    return join(this.#dir, `${key}.json`);
  }
}

/**
 * The message without what a composer picks anew for every build of the same content: the Date and Message-ID
 * header fields (of the top header block only) and the MIME boundaries (each one replaced by its ordinal).
 */
export function canonicalMessage(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const body = end < 0 ? '' : raw.subarray(end).toString('latin1');
  let out = head.replace(/^(Date|Message-ID):[^\r\n]*(\r\n[ \t][^\r\n]*)*(\r\n|$)/gim, '') + body;
  const boundaries = new Set(Array.from(out.matchAll(/\bboundary=(?:"([^"\r\n]+)"|([^\s";]+))/gi), (m) => m[1] ?? m[2]));
  [...boundaries].forEach((boundary, i) => (out = out.replaceAll(boundary, `landed-boundary-${i}`)));
  return Buffer.from(out, 'latin1');
}
