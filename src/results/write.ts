import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { RunResult } from './types.ts';

/**
 * A run as JSON (the same text as `JSON.stringify(run, null, 2)`), produced a probe at a time: a run of
 * thousands of probes, each with its analysis, never becomes one giant string in memory.
 */
export function* runJson(run: RunResult): Generator<string> {
  const { probes, ...head } = run;
  yield `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "probes": [`;
  for (let i = 0; i < probes.length; i++) {
    yield `${i === 0 ? '' : ','}\n    ${JSON.stringify(probes[i], null, 2).replaceAll('\n', '\n    ')}`;
  }
  yield probes.length === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

/** Writes text chunks to a stream, waiting whenever it asks to (stdout to a slow pipe, a file). */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}

/** results.json, replaced atomically: a reader never sees half a file. */
export async function writeRunFile(file: string, run: RunResult): Promise<void> {
  const stream = createWriteStream(`${file}.tmp`);
  stream.on('error', () => {}); // seen by the awaits below; never an uncaught 'error' event
  try {
    await writeChunks(stream, runJson(run));
    stream.end();
    await once(stream, 'finish');
    await rename(`${file}.tmp`, file);
  } catch (error) {
    // A full disk: no half-written .tmp is left behind.
    stream.destroy();
    await rm(`${file}.tmp`, { force: true });
    throw error;
  }
}
