/**
 * `landed auth google|microsoft` against local stand-ins for Google's and Microsoft's endpoints: the real CLI
 * in a child process, the test playing the user's browser. What this cannot show: that the real providers
 * accept these requests (app registration, consent screens); that needs a real account.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landed } from '../e2e/cli.ts';

let server: Server;
let base: string;
const seen: Array<{ path: string; form: Record<string, string> }> = [];
let devicePolls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      const path = new URL(req.url!, 'http://x').pathname;
      seen.push({ path, form });
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (path === '/google/token') return json(200, { access_token: 'at-1', refresh_token: 'rt-google-1', expires_in: 3599, scope: 'https://mail.google.com/' });
      if (path === '/ms/devicecode') {
        return json(200, { device_code: 'dc-1', user_code: 'ABCD-EFGH', verification_uri: 'https://microsoft.com/devicelogin', expires_in: 60, interval: 0, message: 'To sign in, open https://microsoft.com/devicelogin and enter the code ABCD-EFGH.' });
      }
      if (path === '/ms/token') {
        devicePolls += 1;
        if (devicePolls < 3) return json(400, { error: 'authorization_pending', error_description: 'AADSTS70016: pending' });
        return json(200, { access_token: 'at-2', refresh_token: 'rt-ms-1', expires_in: 3599, scope: 'https://outlook.office.com/IMAP.AccessAsUser.All' });
      }
      json(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('landed auth', () => {
  it('google: loopback redirect with PKCE, prints only the refresh token on stdout', async () => {
    const run = landed(['auth', 'google', '--client-id', 'cid-1', '--auth-url', `${base}/google/auth`, '--token-url', `${base}/google/token`], {
      cwd: process.cwd(),
      env: { LANDED_OAUTH_CLIENT_SECRET: 'csecret-1' },
    });
    let stderr = '';
    const consentUrl = await new Promise<URL>((resolve) => {
      run.child.stderr!.on('data', (d) => {
        stderr += d;
        const match = /(http:\/\/127\.0\.0\.1:\d+\/google\/auth\?\S+)/.exec(stderr);
        if (match) resolve(new URL(match[1]!));
      });
    });
    const q = consentUrl.searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ client_id: 'cid-1', response_type: 'code', scope: 'https://mail.google.com/', access_type: 'offline', code_challenge_method: 'S256' });
    // The browser, after consent, follows Google's redirect to landed's loopback listener.
    const page = await fetch(`${q.get('redirect_uri')}/?state=${q.get('state')}&code=code-1`);
    expect(await page.text()).toMatch(/landed has the authorization/);

    const cli = await run;
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe('rt-google-1\n');
    const exchange = seen.find((s) => s.path === '/google/token')!.form;
    expect(exchange).toMatchObject({ grant_type: 'authorization_code', code: 'code-1', client_id: 'cid-1', client_secret: 'csecret-1', redirect_uri: q.get('redirect_uri') });
    expect(createHash('sha256').update(exchange.code_verifier!).digest('base64url')).toBe(q.get('code_challenge'));
  });

  it('microsoft: device code, polling through authorization_pending', async () => {
    const cli = await landed(['auth', 'microsoft', '--client-id', 'cid-2', '--device-url', `${base}/ms/devicecode`, '--token-url', `${base}/ms/token`], { cwd: process.cwd() });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe('rt-ms-1\n');
    expect(cli.stderr).toContain('enter the code ABCD-EFGH');
    expect(seen.find((s) => s.path === '/ms/devicecode')!.form).toEqual({ client_id: 'cid-2', scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access' });
    expect(devicePolls).toBe(3);
    expect(seen.filter((s) => s.path === '/ms/token').every((s) => s.form.device_code === 'dc-1')).toBe(true);
  });

  it('says which option is missing', async () => {
    const cli = await landed(['auth', 'microsoft'], { cwd: process.cwd() });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--client-id is required/);
  });
});
