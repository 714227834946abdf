/**
 * A run's analyses on disk as they are made (`analyses.jsonl` in the run folder, a line per analysed probe),
 * read back when asked: at ~9 KB each in memory, ten thousand analyses held until results.json would be most
 * of a run's memory. The ProbeResult keeps where its analysis lies; `probe.analysis` reads and parses it on
 * access, and only the last one read is kept.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { MessageAnalysis } from '../analysis/types.ts';
import type { ProbeResult } from './types.ts';

/** Where one analysis lies in the file: its JSON text, bytes from `offset`. */
export interface AnalysisAt {
  offset: number;
  length: number;
}

export class AnalysesFile {
  readonly file: string;
  readonly #handle: Promise<FileHandle>;
  #size = 0;

  /** Starts the file afresh (a resumed run analyses again what it had found). */
  constructor(file: string) {
    this.file = file;
    this.#handle = open(file, 'w');
    this.#handle.catch(() => {}); // said by put() and close(), which await it
  }

  /** Appends one probe's analysis, given as its JSON text; resolves once written. */
  async put(id: string, json: string): Promise<AnalysisAt> {
    const head = Buffer.from(`{"id":${JSON.stringify(id)},"analysis":`);
    const text = Buffer.from(json);
    const line = Buffer.concat([head, text, Buffer.from('}\n')]);
    const position = this.#size;
    this.#size += line.length;
    await (await this.#handle).write(line, 0, line.length, position);
    return { offset: position + head.length, length: text.length };
  }

  async close(): Promise<void> {
    const handle = await this.#handle.catch(() => undefined);
    const size = (await handle?.stat().catch(() => undefined))?.size;
    await handle?.close();
    // Nothing analysed, or nothing could be written (a full disk): no empty file is left in the run folder.
    if (size === 0) await rm(this.file, { force: true }).catch(() => {});
  }
}

/**
 * The analysis read last, for a reader that asks the same probe again (`analysis.receiver`, then
 * `analysis.path`). One for the whole run, not one per probe: a WeakRef per probe kept every analysis a
 * synchronous loop read (a reporter's pass over all probes) until that loop ended, 40 MB at 10,000 probes.
 */
let lastRead: { at: AnalysisAt; analysis: MessageAnalysis } | undefined;

/**
 * Makes `probe.analysis` the analysis at `at` in `file`, read when asked (a getter: JSON.stringify, spreading
 * and every reader see a plain value). Assigning replaces it with a value held in memory.
 */
export function attachAnalysis(probe: ProbeResult, file: string, at: AnalysisAt): void {
  Object.defineProperty(probe, 'analysis', {
    enumerable: true,
    configurable: true,
    get(): MessageAnalysis {
      if (lastRead?.at !== at) lastRead = { at, analysis: JSON.parse(readAt(file, at)) as MessageAnalysis };
      return lastRead.analysis;
    },
    set(value: MessageAnalysis | undefined) {
      Object.defineProperty(probe, 'analysis', { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

function readAt(file: string, { offset, length }: AnalysisAt): string {
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, done, length - done, offset + done);
      if (n === 0) throw new Error(`${file} ends before the analysis at byte ${offset}`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}
