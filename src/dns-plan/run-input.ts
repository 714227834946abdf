/**
 * The captured messages of a run, ready to replay: raw message, the address it really came from, its
 * envelope sender (Return-Path) and HELO name. Messages are hostile input: size-capped, read only inside
 * the run directory.
 */
import { join } from 'node:path';
import { LandedError } from '../errors.ts';
import { readResults } from '../results/read.ts';
import { findFinishedRuns, readMessageFile, RESULTS_FILE, runDirOf } from '../results/run-folder.ts';
import type { ProbeResult, RunResult } from '../results/types.ts';
import { RUN_ID_PATTERN } from '../results/validate.ts';

/** Return-Path is near the top; never scan a whole hostile header block. */
const MAX_HEADER_SCAN = 64 * 1024;

export interface LoadedRun {
  result: RunResult;
  dir: string;
}

/** `latest` is the newest finished run (with a results.json). */
export async function loadRun(reportsDir: string, which: string): Promise<LoadedRun> {
  const id = which === 'latest' ? (await findFinishedRuns(reportsDir))[0] : which;
  if (id === undefined) throw new LandedError('RUN_NOT_FOUND', 'no finished run to replay', { where: join(reportsDir, 'runs'), hint: 'Run `landed run` first, or leave out --from-run to check the proposal on its own.' });
  if (!RUN_ID_PATTERN.test(id)) throw new LandedError('USAGE', `"${id}" is not a run id`, { hint: 'Give a directory name under reports/runs/, or latest.' });
  const dir = runDirOf(reportsDir, id);
  return { result: await readResults(join(dir, RESULTS_FILE)), dir };
}

export interface ReplayInput {
  probe: ProbeResult;
  raw: Buffer;
  ip: string;
  /** MAIL FROM as the receiver saw it (from Return-Path); '' for a null sender. */
  sender: string;
  helo?: string;
}

/** Reads the message of a probe; undefined with a reason when it cannot be replayed. */
export async function replayInput(probe: ProbeResult, runDir: string): Promise<ReplayInput | { skipped: string }> {
  const ip = probe.analysis?.path.sendingIp;
  if (!probe.messageFile) return { skipped: `no message was captured (${probe.placement})` };
  if (!ip) return { skipped: 'the sending address is unknown (no path analysis in results.json)' };
  let raw: Buffer;
  try {
    raw = await readMessageFile(runDir, probe.messageFile);
  } catch (error) {
    return { skipped: `message file ${probe.messageFile}: ${(error as Error).message}` };
  }
  const hop = probe.analysis?.path.hops.find((h) => h.fromIp === ip);
  return { probe, raw, ip, sender: returnPath(raw) ?? '', helo: hop?.from };
}

/** The address in the first Return-Path header; '' for `<>`, undefined when there is none. */
export function returnPath(raw: Buffer): string | undefined {
  const head = raw.subarray(0, MAX_HEADER_SCAN).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const match = /^return-path:[ \t]*<?([^>\r\n]*)>?/im.exec(end < 0 ? head : head.slice(0, end));
  return match ? match[1].trim() : undefined;
}
