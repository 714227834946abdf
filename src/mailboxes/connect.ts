import { isIP } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ImapEndpoint } from '../config/types.ts';
import { withDeadline } from '../async/deadline.ts';
import { imapError } from './imap-errors.ts';
import { getAccessToken } from './oauth2.ts';
import { credentialSecrets } from '../config/credentials.ts';

export interface OpenImapOptions {
  /** Seed id (or "route X bounces"), named in every error. */
  where: string;
  /** Connect, TLS and login together, in ms. */
  timeoutMs?: number;
  /** The preset's advice for a refused login. */
  loginHint?: string;
  /** For the OAuth2 token request (tests pass their own). */
  fetch?: typeof fetch;
  /** Aborting gives up a connection attempt at once (a login can be held back for seconds by a server). */
  signal?: AbortSignal;
}

// Received data is hostile: bound what one server response may make us buffer (a probe is capped lower still).
const MAX_LITERAL_BYTES = 64 * 1024 * 1024;

/**
 * One TLS context per trusted CA (or the system's), shared by every connection: each would otherwise build its
 * own, about 50 KB of OpenSSL state, 10 MB for the 200 folder sessions of a large run. The certificate is
 * still verified for each connection, against its own host name.
 */
const secureContexts = new Map<string, SecureContext>();
function secureContextFor(ca: string | undefined): SecureContext {
  let context = secureContexts.get(ca ?? '');
  if (!context) secureContexts.set(ca ?? '', (context = createSecureContext(ca ? { ca } : {})));
  return context;
}

/**
 * A logged-in IMAP connection. OAuth2 seeds get a fresh access token for every connection (imapflow never
 * refreshes one). Every failure becomes a LandedError naming `where` and what to check; no secret is in it.
 */
export async function openImap(endpoint: ImapEndpoint, options: OpenImapOptions): Promise<ImapFlow> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const secrets = credentialSecrets(endpoint.auth);
  const context = { where: options.where, endpoint, loginHint: options.loginHint, secrets };
  let auth: ImapFlowOptions['auth'];
  if ('pass' in endpoint.auth) {
    auth = { user: endpoint.auth.user, pass: endpoint.auth.pass };
  } else {
    const accessToken = await getAccessToken(endpoint.auth.oauth2, { where: options.where, fetch: options.fetch });
    secrets.push(accessToken);
    auth = { user: endpoint.auth.user, accessToken };
  }
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    // starttls must upgrade (credentials never go in clear); none must not try (a lab without certificates).
    doSTARTTLS: endpoint.security === 'starttls' ? true : endpoint.security === 'none' ? false : undefined,
    servername: isIP(endpoint.host) ? undefined : endpoint.host,
    tls: { secureContext: secureContextFor(endpoint.tls.ca), rejectUnauthorized: !endpoint.tls.insecure },
    auth,
    logger: false,
    // The watcher runs IDLE itself: imapflow's auto-IDLE waits 15 s after each command.
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: Math.min(timeoutMs, 16_000),
    socketTimeout: 5 * 60_000,
    maxLiteralSize: MAX_LITERAL_BYTES,
    maxResponseSize: MAX_LITERAL_BYTES + 1024 * 1024,
  });
  // A dropped connection emits 'error'; without a listener it would take the process down. Callers watch 'close'.
  client.on('error', () => {});
  const giveUp = () => client.close();
  options.signal?.addEventListener('abort', giveUp, { once: true });
  try {
    await withDeadline(client.connect(), timeoutMs, `connecting to ${endpoint.host}:${endpoint.port}`, giveUp);
    return client;
  } catch (error) {
    client.close();
    throw imapError(error, context);
  } finally {
    options.signal?.removeEventListener('abort', giveUp);
  }
}

/** Ends a connection politely when it is healthy, at once otherwise; never throws. */
export async function closeImap(client: ImapFlow, timeoutMs = 5_000): Promise<void> {
  if (client.usable) await withDeadline(client.logout(), timeoutMs, 'LOGOUT').catch(() => {});
  client.close();
}
