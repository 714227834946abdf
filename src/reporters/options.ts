/** What every reporter factory is given; the CLI passes the process's streams, tests their own. */
export interface ReporterOptions {
  /**
   * The run's directory (`reports/runs/<run-id>/`), where its message files are. Reporters write their files
   * into the directory `onEnd` is given, which is the same except when `landed report --out` renders elsewhere.
   */
  runDir: string;
  /** Where the reporter should write instead of its default file (json: a path; html: a file or folder). */
  out?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal: live progress rewrites one line, colours are allowed. */
  isTTY: boolean;
  /** Clock for progress throttling; tests pass their own. */
  now?: () => number;
}
