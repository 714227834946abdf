/** The one map from outcome to process exit code. Documented in the README. */
export const ExitCode = {
  ok: 0,
  /** An expectation failed, a seed is unusable, a DNS plan regresses. */
  failed: 1,
  /** Bad usage, config or input: nothing was attempted. */
  usage: 2,
  /** Stopped by SIGINT/SIGTERM; outstanding probes were recorded as `interrupted`. */
  interrupted: 3,
  /** A bug or an environment problem landed could not attribute to the input. */
  internal: 4,
  /** The verdict asked for could not be earned: `dns plan` found no run to replay (only the records were judged). */
  notReplayed: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
