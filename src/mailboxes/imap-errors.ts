import type { ImapEndpoint } from '../config/types.ts';
import { LandedError } from '../errors.ts';
import { cleanText } from '../printable.ts';

interface ImapFailure extends Error {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  command?: string;
}

export interface ErrorContext {
  /** Seed id, or "route X bounces". */
  where: string;
  endpoint: ImapEndpoint;
  /** The preset's advice for a refused login. */
  loginHint?: string;
  secrets: string[];
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT']);
/** An established session that went away: normal for long watches (server restarts, idle cut-offs). */
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEOUT', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText']);
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|ClosedAfterConnectTLS$|UPGRADE_TIMEOUT$)/;

/** Turns what imapflow (or the socket under it) threw into a LandedError that says what to check. */
export function imapError(error: unknown, context: ErrorContext): LandedError {
  if (error instanceof LandedError) return error;
  const failure = (error ?? {}) as ImapFailure;
  const { where, endpoint, secrets } = context;
  const server = `${endpoint.host}:${endpoint.port}`;
  const said = cleanText(failure.responseText || failure.message || String(error), secrets);
  const code = failure.code ?? '';
  if (failure.authenticationFailed) return loginRefused(said, failure.serverResponseCode, context);
  if (failure.tlsFailed || TLS_CODE.test(code)) {
    return new LandedError('TLS_FAILED', `TLS with ${server} failed: ${withCode(said, code)}`, {
      where,
      hint: `check imap.security (tls for port 993, starttls for 143) and, for a private CA, imap.tls.ca`,
      cause: error,
    });
  }
  if (CONNECT_CODES.has(code)) {
    return new LandedError('CONNECT_FAILED', `cannot talk to ${server}: ${withCode(said, code)}`, {
      where,
      hint: 'check imap.host and imap.port, and that the server is reachable from this machine',
      cause: error,
    });
  }
  if (LOST_CODES.has(code)) {
    return new LandedError('CONNECT_FAILED', `connection to ${server} lost: ${withCode(said, code)}`, { where, cause: error });
  }
  const command = failure.command ? `${failure.command} ` : '';
  return new LandedError('IMAP_FAILED', `IMAP ${command}failed at ${server}: ${said}`, { where, cause: error });
}

/** "connect ECONNREFUSED ..." stays as it is; "socket hang up" becomes "socket hang up (ECONNRESET)". */
function withCode(text: string, code: string): string {
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

function loginRefused(said: string, code: string | undefined, { where, endpoint, loginHint }: ErrorContext): LandedError {
  const oauth = 'oauth2' in endpoint.auth;
  // Not about the credentials: the account's connections are used up, or the server's login backend is down.
  if (code === 'UNAVAILABLE' || code === 'LIMIT' || /too many (simultaneous )?connections|temporary authentication failure|try again later/i.test(said)) {
    return new LandedError('CONNECT_FAILED', `login held back by the server, not refused: ${said}`, {
      where,
      hint: 'other clients may be using the account\'s connections (Gmail allows 15 in all): lower maxConnections or close them',
    });
  }
  if (/not enabled for IMAP|IMAP (access )?(is )?(disabled|not enabled)|IMAP use|not connected/i.test(said)) {
    return new LandedError('AUTH_FAILED', `login refused: IMAP access is disabled for this account at the provider (server said: ${said})`, {
      where,
      hint: `turn on IMAP access in the account (or organisation) settings${loginHint ? `; ${loginHint}` : ''}`,
    });
  }
  if (/application-specific password|app password/i.test(said)) {
    return new LandedError('AUTH_FAILED', `login refused: the provider wants an app password (server said: ${said})`, { where, hint: loginHint });
  }
  if (oauth) {
    return new LandedError('AUTH_FAILED', `login refused: the OAuth2 access token was not accepted for ${endpoint.auth.user} (server said: ${said})`, {
      where,
      hint: 'check that the OAuth2 client has IMAP permission for this mailbox (scope, admin consent) and that imap.auth.user is the mailbox address',
    });
  }
  return new LandedError('AUTH_FAILED', `login refused for ${endpoint.auth.user}: wrong user name or password (server said: ${said})`, {
    where,
    hint: `check the password for ${where} in landed.yaml (the variable it names)${loginHint ? `; ${loginHint}` : ''}`,
  });
}

/** One line for a watch problem: what happened and what to check, without the seed id (the caller adds it). */
export function problemText(error: LandedError): string {
  return error.hint ? `${error.message} (${error.hint})` : error.message;
}

/** Problems that another attempt will not fix: the login, TLS, or the seed's own configuration. */
export function isPermanent(error: LandedError): boolean {
  return error.code === 'AUTH_FAILED' || error.code === 'TLS_FAILED' || error.code === 'CONFIG_INVALID';
}
