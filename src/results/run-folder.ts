/**
 * One run's folder, `reports/runs/<run-id>/`, owned here: its layout, which runs exist and which never
 * finished, safe resolution of the message files results.json names (data: never followed outside the
 * folder), bounded reads of them, and copying them for a merge.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { readCapped } from '../capped-read.ts';
import type { RunResult } from './types.ts';

export const RESULTS_FILE = 'results.json';
export const JOURNAL_FILE = 'journal.jsonl';
/** Each analysed probe's analysis, a line as it was made (results.json carries them too, at the end). */
export const ANALYSES_FILE = 'analyses.jsonl';
/** A captured message is never larger than the watcher's cap; this one is for reading it back. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export function runDirOf(reportsDir: string, runId: string): string {
  return join(reportsDir, 'runs', runId);
}

/** Where a probe's captured message is saved, relative to the run folder (what results.json records). */
export function messageFileOf(probeId: string): string {
  return `messages/${probeId.replaceAll('/', '__')}.eml`;
}

/** Finished runs (with results.json) holding `file`, newest first: run ids sort by their start time. */
export async function findFinishedRuns(reportsDir: string, file = RESULTS_FILE): Promise<string[]> {
  const runsDir = join(reportsDir, 'runs');
  const ids = await readdir(runsDir).catch(() => [] as string[]);
  return ids.filter((id) => existsSync(join(runsDir, id, RESULTS_FILE)) && existsSync(join(runsDir, id, file))).sort().reverse();
}

/** Runs that started but never wrote results.json: a crash or a killed CI job. Newest first. */
export async function findUnfinishedRuns(reportsDir: string): Promise<string[]> {
  const runsDir = join(reportsDir, 'runs');
  const ids = await readdir(runsDir).catch(() => [] as string[]);
  return ids
    .filter((id) => existsSync(join(runsDir, id, JOURNAL_FILE)) && !existsSync(join(runsDir, id, RESULTS_FILE)))
    .sort()
    .reverse();
}

/** The absolute path of a message file named in results.json, or undefined when it points outside the run folder. */
export function messagePath(runDir: string, messageFile: string): string | undefined {
  const path = resolve(runDir, messageFile);
  const inside = relative(resolve(runDir), path);
  return inside.startsWith('..') || isAbsolute(inside) ? undefined : path;
}

/** A captured message, read with a cap; throws (naming the file) when it is outside the folder, missing or too big. */
export async function readMessageFile(runDir: string, messageFile: string, signal?: AbortSignal): Promise<Buffer> {
  const path = messagePath(runDir, messageFile);
  if (!path) throw new Error(`messageFile ${messageFile} points outside the run directory`);
  return readCapped(path, { maxBytes: MAX_MESSAGE_BYTES, shownAs: messageFile, signal });
}

/** The header block of a captured message, at most `maxBytes` of it; undefined when it cannot be read. */
export async function readMessageHeaders(runDir: string, messageFile: string | undefined, maxBytes = 32 * 1024): Promise<string | undefined> {
  const path = messageFile ? messagePath(runDir, messageFile) : undefined;
  if (!path) return undefined;
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.search(/\r?\n\r?\n/);
    return end >= 0 ? text.slice(0, end) : `${text}\n[headers cut at ${maxBytes} bytes]`;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** Copies each shard's captured messages to the same relative path under the merged run's folder. */
export async function copyMessages(shards: RunResult[], files: string[], outDir: string): Promise<void> {
  for (const [i, shard] of shards.entries()) {
    const shardDir = dirname(files[i]);
    if (resolve(shardDir) === resolve(outDir)) continue;
    for (const probe of shard.probes) {
      // Never copy from outside the shard's folder: results.json is data.
      const from = probe.messageFile ? messagePath(shardDir, probe.messageFile) : undefined;
      if (!from) continue;
      const to = resolve(outDir, relative(shardDir, from));
      await mkdir(dirname(to), { recursive: true });
      await copyFile(from, to).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error; // a shard uploaded without its messages still merges
      });
    }
  }
}
