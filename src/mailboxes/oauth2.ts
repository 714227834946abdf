import { createHash } from 'node:crypto';
import type { OAuth2Config } from '../config/types.ts';
import { LandedError } from '../errors.ts';
import { cleanText } from '../printable.ts';
import { rememberSecret } from '../secrets.ts';

export interface AccessTokenOptions {
  /** Seed or route id, named in errors. */
  where?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Default scopes when the config names none: Google's full-mail scope; Outlook's resource, delegated or app-only. */
export function defaultScope(cfg: OAuth2Config): string | undefined {
  if (cfg.flavor === 'google') return 'https://mail.google.com/';
  if (cfg.flavor !== 'microsoft') return undefined;
  return cfg.grant === 'client_credentials' ? 'https://outlook.office365.com/.default' : 'https://outlook.office.com/.default offline_access';
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

// Refresh this long before expiry, so a token handed to a connection is still valid when the server checks it.
const EXPIRY_MARGIN_MS = 5 * 60_000;
const cache = new Map<string, Promise<CachedToken>>();
// Microsoft may rotate the refresh token on use; the newest one is kept for this process (never written anywhere).
const rotated = new Map<string, string>();

/**
 * An access token for XOAUTH2/OAUTHBEARER: the refresh-token grant (Google, Microsoft) or Microsoft's
 * client-credentials grant (Exchange Online app-only access). Cached until five minutes before it expires, and
 * concurrent callers share one request. The token is never logged or put into an error.
 */
export async function getAccessToken(cfg: OAuth2Config, options: AccessTokenOptions = {}): Promise<string> {
  const key = cacheKey(cfg);
  const cached = cache.get(key);
  const token = await cached?.catch(() => undefined);
  if (token && token.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return token.accessToken;
  // Expired or failed: one new request, unless another caller started it while this one waited.
  let request = cache.get(key);
  if (!request || request === cached) {
    const fresh = requestToken(cfg, options);
    fresh.catch(() => cache.get(key) === fresh && cache.delete(key));
    cache.set(key, fresh);
    request = fresh;
  }
  return (await request).accessToken;
}

/** Forgets cached tokens (tests, and a connection whose token the server refused). */
export function clearAccessTokens(): void {
  cache.clear();
}

function cacheKey(cfg: OAuth2Config): string {
  const secret = cfg.grant === 'refresh_token' ? cfg.refreshToken : (cfg.clientSecret ?? '');
  return createHash('sha256').update([cfg.tokenUrl, cfg.clientId, cfg.grant, cfg.scope ?? '', secret].join('\n')).digest('hex');
}

async function requestToken(cfg: OAuth2Config, options: AccessTokenOptions): Promise<CachedToken> {
  const where = options.where ?? cfg.clientId;
  const secrets = [cfg.clientSecret ?? '', cfg.grant === 'refresh_token' ? cfg.refreshToken : ''];
  const form = new URLSearchParams({ grant_type: cfg.grant, client_id: cfg.clientId });
  if (cfg.clientSecret) form.set('client_secret', cfg.clientSecret);
  if (cfg.grant === 'refresh_token') form.set('refresh_token', rotated.get(cfg.refreshToken) ?? cfg.refreshToken);
  const scope = cfg.scope ?? defaultScope(cfg);
  // Google's refresh grant keeps the consented scope; Microsoft wants the scope on every request.
  if (cfg.scope || (scope && cfg.flavor !== 'google')) form.set('scope', scope!);

  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(cfg.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
  } catch (error) {
    throw new LandedError('CONNECT_FAILED', `cannot reach the OAuth2 token endpoint ${safeHost(cfg.tokenUrl)}: ${cleanText((error as Error).message, secrets)}`, {
      where,
      hint: 'check oauth2.tokenUrl and the network path to it',
      cause: error,
    });
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') throw tokenRefused(cfg, response.status, body, where, secrets);
  // Tokens that exist only from now on: every redactor of the process masks them from here.
  rememberSecret(body.access_token);
  if (cfg.grant === 'refresh_token' && typeof body.refresh_token === 'string') {
    rememberSecret(body.refresh_token);
    rotated.set(cfg.refreshToken, body.refresh_token);
  }
  const lifetime = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
  return { accessToken: body.access_token, expiresAt: Date.now() + (Number.isFinite(lifetime) ? lifetime : 3600) * 1000 };
}

function tokenRefused(cfg: OAuth2Config, status: number, body: Record<string, unknown>, where: string, secrets: string[]): LandedError {
  const code = typeof body.error === 'string' ? body.error : `HTTP ${status}`;
  const detail = typeof body.error_description === 'string' ? `: ${cleanText(body.error_description, secrets, 200)}` : '';
  const expired = code === 'invalid_grant' && cfg.grant === 'refresh_token';
  const message = expired
    ? `OAuth2 refresh token refused (expired or revoked) by ${safeHost(cfg.tokenUrl)} (${code}${detail})`
    : `OAuth2 token request refused by ${safeHost(cfg.tokenUrl)} (${code}${detail})`;
  const helper = cfg.flavor === 'microsoft' ? 'landed auth microsoft' : 'landed auth google';
  const hint = expired
    ? `obtain a new refresh token (\`${helper}\`) and update the variable that holds it`
    : code === 'invalid_client' || code === 'unauthorized_client'
      ? 'check oauth2.clientId and oauth2.clientSecret (and tenant for Microsoft)'
      : 'check the OAuth2 client, its consented scopes and oauth2.scope';
  return new LandedError('AUTH_FAILED', message, { where, hint });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the token endpoint';
  }
}
