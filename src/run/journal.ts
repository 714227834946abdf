import { readFileSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { Probe } from '../plan/plan.ts';
import type { BounceOutcome, DuplicateCopy, Placement } from '../results/types.ts';
import type { SendOutcome } from '../routes/route.ts';

/**
 * The run journal: one JSON line per change of a probe's state. After a crash, replaying it tells exactly
 * which probes were sent (never send them again) and which were found; `landed run --resume` continues from
 * there.
 */
export type JournalEntry =
  | { type: 'begin'; runId: string; startedAt: string; config: string; scenarios: string[]; shard?: { index: number; total: number } }
  | { type: 'planned'; probe: Probe }
  | { type: 'sent'; id: string; outcome: SendOutcome; envelopeFrom?: string; from?: string; messageId?: string }
  | { type: 'found'; id: string; folder: string; placement: 'inbox' | 'spam'; tab?: string; receivedAt: string; detectedAt: string; noticedAt?: string; messageFile?: string; error?: string }
  | { type: 'bounced'; id: string; bounce: BounceOutcome }
  | { type: 'copy'; id: string; copy: DuplicateCopy }
  | { type: 'final'; id: string; placement: Placement; error?: string }
  | { type: 'resumed'; at: string };

/**
 * Appends entries with group commit: the lines recorded while a flush is under way go to disk together in
 * the next write + fdatasync. `record` resolves once its line is durable, so a caller that must not act
 * before (sending the next probe) awaits it, while nothing blocks the event loop.
 */
export class Journal {
  readonly #path: string;
  readonly #file: Promise<FileHandle>;
  #pending: Array<{ line: string; durable: () => void; failed: (error: unknown) => void }> = [];
  #flushing?: Promise<void>;
  #repaired?: Promise<boolean>;

  constructor(file: string) {
    this.#path = file;
    this.#file = open(file, 'a+');
  }

  record(entry: JournalEntry): Promise<void> {
    return new Promise((durable, failed) => {
      this.#pending.push({ line: `${JSON.stringify(entry)}\n`, durable, failed });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    const file = await this.#file;
    this.#repaired ??= endsTorn(file);
    // A crash mid-write left a line without its end: finish it first, so the next line is not glued onto it.
    if (await this.#repaired) this.#pending.unshift({ line: '\n', durable: () => {}, failed: () => {} });
    this.#repaired = Promise.resolve(false);
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await file.write(batch.map((b) => b.line).join(''));
        await file.datasync();
        for (const b of batch) b.durable();
      } catch (error) {
        for (const b of batch) b.failed(error);
      }
    }
    this.#flushing = undefined;
  }

  /** Waits for every recorded line to be on disk, then closes the file. */
  async close(): Promise<void> {
    await this.#flushing;
    const file = await this.#file;
    const { size } = await file.stat();
    await file.close();
    // Not one line could be written (a full disk): no empty journal is left to look like an unfinished run.
    if (size === 0) await rm(this.#path, { force: true });
  }
}

async function endsTorn(file: FileHandle): Promise<boolean> {
  const { size } = await file.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await file.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/** Reads a journal back; see readJournalFile. */
export function readJournal(file: string): JournalEntry[] {
  return readJournalFile(file).entries;
}

/**
 * Reads a journal back. A line that is not a journal entry (torn by a crash mid-write, damaged on disk) is
 * skipped and its line number reported: its change never happened, and every line after it still counts,
 * so nothing already sent is sent again.
 */
export function readJournalFile(file: string): { entries: JournalEntry[]; badLines: number[] } {
  const entries: JournalEntry[] = [];
  const badLines: number[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const entry = JSON.parse(line) as JournalEntry;
      if (typeof entry?.type !== 'string') throw new Error('not an entry');
      entries.push(entry);
    } catch {
      badLines.push(index + 1);
    }
  });
  return { entries, badLines };
}
