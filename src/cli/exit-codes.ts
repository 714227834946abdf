import type { ErrorCode } from '../errors.ts';
import type { ReporterFailure } from '../reporters/index.ts';
import { oneLine } from '../printable.ts';

/** The one map from outcome to process exit code, the same for every command. Documented in the README. */
export const ExitCode = {
  ok: 0,
  /** The verdict is bad: an expectation failed, a seed is unusable, a DNS plan regresses. */
  failed: 1,
  /** Bad usage, config or input: nothing was attempted. Fix the file:line, route or seed named. */
  usage: 2,
  /** Stopped by SIGINT/SIGTERM; outstanding probes were recorded as `interrupted`. */
  interrupted: 3,
  /** A bug: landed failed in a way it cannot blame on the input or the environment. */
  internal: 4,
  /** The verdict asked for could not be earned: `dns plan` found no run to replay (only the records were judged). */
  notReplayed: 5,
  /** The input was fine, the world was not: a server unreachable, a login or TLS refused, a timeout, a reporter could not write, a full disk (the journal or results.json). */
  environment: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every error code, decided once. A Record over ErrorCode: adding a code to src/errors.ts without deciding its
 * exit code here does not compile.
 */
const BY_ERROR: Record<ErrorCode, ExitCode> = {
  CONFIG_INVALID: ExitCode.usage,
  CONFIG_NOT_FOUND: ExitCode.usage,
  ENV_MISSING: ExitCode.usage,
  UNKNOWN_ID: ExitCode.usage,
  USAGE: ExitCode.usage,
  RUN_NOT_FOUND: ExitCode.usage,
  ZONE_INVALID: ExitCode.usage,
  AUTH_FAILED: ExitCode.environment,
  TLS_FAILED: ExitCode.environment,
  CONNECT_FAILED: ExitCode.environment,
  IMAP_FAILED: ExitCode.environment,
  TIMEOUT: ExitCode.environment,
  LAB_MISSING_PACKAGE: ExitCode.environment,
  LAB_FAILED: ExitCode.environment,
  INTERRUPTED: ExitCode.interrupted,
};

export function exitCodeOf(code: ErrorCode): ExitCode {
  return BY_ERROR[code] ?? ExitCode.internal;
}

/** The exit code of a run's verdict (run, merge). */
export function verdictOf(status: 'passed' | 'failed' | 'interrupted'): ExitCode {
  return status === 'interrupted' ? ExitCode.interrupted : status === 'passed' ? ExitCode.ok : ExitCode.failed;
}

/**
 * Reporter failures, handled alike by `run`, `merge` and `report`: each is printed, and a run that was otherwise
 * clean exits `environment` (its results.json is written; a report beside it is not). A worse verdict stands.
 */
export function withReporterFailures(code: ExitCode, failures: readonly ReporterFailure[], command: string, stderr: NodeJS.WritableStream): ExitCode {
  for (const f of failures) stderr.write(`landed ${command}: reporter ${oneLine(f.reporter)} failed in ${f.phase}: ${oneLine(f.message)}\n`);
  return code === ExitCode.ok && failures.length > 0 ? ExitCode.environment : code;
}
