/**
 * Obtaining the first refresh token, for `landed auth`: the user consents once in a browser, landed prints the
 * refresh token, the user stores it as a secret. Google: authorization code with a loopback redirect and PKCE
 * (Google's device flow does not allow the Gmail scope). Microsoft: the device code flow (RFC 8628).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { LandedError } from '../errors.ts';
import { sleep } from '../async/deadline.ts';

export interface ConsentResult {
  refreshToken: string;
  scope?: string;
}

export interface LoopbackOptions {
  authUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scope: string;
  /** Shows the user what to open; the CLI prints it to stderr. */
  prompt(text: string): void;
  signal: AbortSignal;
  timeoutMs?: number;
  port?: number;
}

/** Authorization code flow with a redirect to http://127.0.0.1:PORT and PKCE (RFC 7636, S256). */
export async function loopbackConsent(options: LoopbackOptions): Promise<ConsentResult> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  let redirectUri = '';
  const code = await new Promise<string>((resolve, reject) => {
    const server = createServer((req, res) => {
      const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      if (params.get('state') !== state) return res.writeHead(400).end('Unexpected request.');
      const error = params.get('error');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(error ? `Consent failed: ${error}. You can close this window.` : 'landed has the authorization. You can close this window.');
      finish(error ? new LandedError('AUTH_FAILED', `the authorization server answered ${error}`) : undefined, params.get('code') ?? '');
    });
    const timer = setTimeout(() => finish(new LandedError('TIMEOUT', 'no consent arrived in time')), options.timeoutMs ?? 5 * 60_000);
    const abort = () => finish(new LandedError('USAGE', 'stopped'));
    options.signal.addEventListener('abort', abort, { once: true });
    function finish(error: Error | undefined, value = '') {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', abort);
      server.close();
      server.closeIdleConnections();
      if (error) reject(error);
      else resolve(value);
    }
    server.on('error', (error) => finish(error));
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      redirectUri = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const url = new URL(options.authUrl);
      const query = { client_id: options.clientId, redirect_uri: redirectUri, response_type: 'code', scope: options.scope, access_type: 'offline', prompt: 'consent', state, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' };
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      options.prompt(`Open this address in a browser on this machine and allow access:\n\n  ${url}\n\nWaiting for the redirect to ${redirectUri} ...`);
    });
  });
  const body = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: options.clientId, code_verifier: verifier, ...(options.clientSecret ? { client_secret: options.clientSecret } : {}) };
  return refreshTokenFrom(await postForm(options.tokenUrl, body));
}

export interface DeviceCodeOptions {
  deviceUrl: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
  prompt(text: string): void;
  signal: AbortSignal;
}

/** Device code flow: the user enters a short code at the provider's page; landed polls until consent. */
export async function deviceCodeConsent(options: DeviceCodeOptions): Promise<ConsentResult> {
  const start = await postForm(options.deviceUrl, { client_id: options.clientId, scope: options.scope });
  if (!start.ok || typeof start.body.device_code !== 'string') throw refused(options.deviceUrl, start.body);
  const message = typeof start.body.message === 'string' ? start.body.message : `Open ${start.body.verification_uri} and enter the code ${start.body.user_code}`;
  options.prompt(message);
  let intervalMs = Number(start.body.interval ?? 5) * 1000;
  const deadline = Date.now() + Number(start.body.expires_in ?? 900) * 1000;
  while (Date.now() < deadline && !options.signal.aborted) {
    await sleep(intervalMs, options.signal);
    const poll = await postForm(options.tokenUrl, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: options.clientId, device_code: start.body.device_code });
    if (poll.ok) return refreshTokenFrom(poll);
    if (poll.body.error === 'authorization_pending') continue;
    if (poll.body.error === 'slow_down') intervalMs += 5000;
    else throw refused(options.tokenUrl, poll.body);
  }
  throw new LandedError(options.signal.aborted ? 'USAGE' : 'TIMEOUT', options.signal.aborted ? 'stopped' : 'the device code expired before consent was given');
}

async function postForm(url: string, form: Record<string, string>): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(form), signal: AbortSignal.timeout(30_000) });
    return { ok: response.ok, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  } catch (error) {
    throw new LandedError('CONNECT_FAILED', `cannot reach ${new URL(url).host}: ${(error as Error).message}`, { cause: error });
  }
}

function refreshTokenFrom(answer: { ok: boolean; body: Record<string, unknown> }): ConsentResult {
  if (!answer.ok || typeof answer.body.refresh_token !== 'string') {
    if (answer.ok) throw new LandedError('AUTH_FAILED', 'the token endpoint gave no refresh token', { hint: 'ask for offline access (Google: access_type=offline; Microsoft: the offline_access scope)' });
    throw refused('the token endpoint', answer.body);
  }
  return { refreshToken: answer.body.refresh_token, scope: typeof answer.body.scope === 'string' ? answer.body.scope : undefined };
}

function refused(where: string, body: Record<string, unknown>): LandedError {
  const detail = typeof body.error_description === 'string' ? `: ${body.error_description.split('\n')[0]!.slice(0, 200)}` : '';
  return new LandedError('AUTH_FAILED', `${where} refused (${String(body.error ?? 'no reason given')}${detail})`, { hint: 'check --client-id, the app registration and the redirect/device settings' });
}
