import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Probe } from '../plan/plan.ts';
import type { BounceOutcome, Placement } from '../results/types.ts';
import type { SendOutcome } from '../routes/smtp.ts';

/**
 * The run journal: one JSON line per change of a probe's state, written and flushed to disk before the run
 * acts on it. After a crash, replaying it tells exactly which probes were sent (never send them again) and
 * which were found; `landed run --resume` continues from there.
 */
export type JournalEntry =
  | { type: 'begin'; runId: string; startedAt: string; config: string; scenarios: string[]; shard?: { index: number; total: number } }
  | { type: 'planned'; probe: Probe }
  | { type: 'sent'; id: string; outcome: SendOutcome }
  | { type: 'found'; id: string; folder: string; placement: 'inbox' | 'spam'; tab?: string; receivedAt: string; detectedAt: string; messageFile?: string; error?: string }
  | { type: 'bounced'; id: string; bounce: BounceOutcome }
  | { type: 'final'; id: string; placement: Placement; error?: string }
  | { type: 'resumed'; at: string };

export class Journal {
  readonly #fd: number;

  constructor(file: string) {
    this.#fd = openSync(file, 'a');
  }

  record(entry: JournalEntry): void {
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
    fdatasyncSync(this.#fd);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** Reads a journal back. A torn last line (the process died mid-write) is ignored: its change never happened. */
export function readJournal(file: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      break;
    }
  }
  return entries;
}
