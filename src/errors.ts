/**
 * Errors that reach the user. Library code throws these with a stable code; only src/cli turns them into
 * text and exit codes. `where` is the file (and line:column) or the route/seed id the problem belongs to,
 * and `hint` says what to do about it.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'ENV_MISSING'
  | 'UNKNOWN_ID'
  | 'USAGE'
  | 'LAB_MISSING_PACKAGE'
  | 'LAB_FAILED'
  | 'RUN_NOT_FOUND'
  | 'AUTH_FAILED'
  | 'TLS_FAILED'
  | 'CONNECT_FAILED'
  /** An IMAP command the server refused or answered badly (not a login or connection problem). */
  | 'IMAP_FAILED'
  | 'ZONE_INVALID'
  | 'TIMEOUT'
  /** Stopped by SIGINT/SIGTERM. */
  | 'INTERRUPTED';

export class LandedError extends Error {
  readonly code: ErrorCode;
  readonly where?: string;
  readonly hint?: string;
  /** Several problems found at once (e.g. every schema violation in a file). */
  readonly problems: string[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { where?: string; hint?: string; problems?: string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LandedError';
    this.code = code;
    this.where = options.where;
    this.hint = options.hint;
    this.problems = options.problems ?? [];
  }
}

/** One line for a caught error of any kind, without stack; secrets are masked by the caller's redactor. */
export function describeError(error: unknown): string {
  if (error instanceof LandedError) return error.where ? `${error.where}: ${error.message}` : error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
