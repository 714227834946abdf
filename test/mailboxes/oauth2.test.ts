import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImapEndpoint, OAuth2Config } from '../../src/config/types.ts';
import { describeError } from '../../src/errors.ts';
import { checkSeed } from '../../src/mailboxes/check.ts';
import { closeImap, openImap } from '../../src/mailboxes/connect.ts';
import { clearAccessTokens, getAccessToken } from '../../src/mailboxes/oauth2.ts';
import { startDovecot, type Dovecot } from './fixtures/dovecot.ts';
import { startOAuthServer, type OAuthServer } from './fixtures/oauth-server.ts';
import { probeMessage, seedFor, startWatch, tokens } from './fixtures/seeds.ts';

let oauth: OAuthServer;
let bothMechanisms: Dovecot; // offers OAUTHBEARER and XOAUTH2: imapflow picks OAUTHBEARER
let xoauth2Only: Dovecot;

beforeAll(async () => {
  oauth = await startOAuthServer('127.0.0.1');
  const folders = [{ name: 'Junk', specialUse: '\\Junk' }];
  [bothMechanisms, xoauth2Only] = await Promise.all([
    startDovecot({ users: {}, folders, oauth2: { introspectionUrl: oauth.introspectionUrl } }),
    startDovecot({ users: {}, folders, oauth2: { introspectionUrl: oauth.introspectionUrl, mechanisms: ['xoauth2'] } }),
  ]);
});
afterAll(async () => {
  await Promise.all([bothMechanisms?.destroy(), xoauth2Only?.destroy(), oauth?.close()]);
});
beforeEach(() => {
  clearAccessTokens();
  oauth.requests.length = 0;
  oauth.expiresIn = 3600;
  oauth.rotate = false;
});

function refreshGrant(refreshToken: string, flavor: OAuth2Config['flavor'] = 'google'): OAuth2Config {
  return { grant: 'refresh_token', refreshToken, flavor, tokenUrl: oauth.tokenUrl, clientId: 'landed-test', clientSecret: 'client-secret-value' };
}

function endpoint(server: Dovecot, user: string, oauth2: OAuth2Config): ImapEndpoint {
  return server.endpoint(user, { user, oauth2 });
}

async function loginMethods(server: Dovecot, user: string): Promise<string[]> {
  return [...(await server.log()).matchAll(new RegExp(`Login: user=<${user}>, method=([A-Z0-9]+)`, 'g'))].map((m) => m[1]!);
}

describe('OAuth2 against Dovecot with an introspection endpoint', () => {
  it('logs in with a token from the refresh grant over OAUTHBEARER, and over XOAUTH2 where only that is offered', async () => {
    oauth.addRefreshToken('rt-alice', 'alice@example.test');
    for (const server of [bothMechanisms, xoauth2Only]) {
      const client = await openImap(endpoint(server, 'alice@example.test', refreshGrant('rt-alice')), { where: 'seed-alice' });
      expect(client.authenticated).toBeTruthy();
      await closeImap(client);
    }
    expect(await loginMethods(bothMechanisms, 'alice@example.test')).toEqual(['OAUTHBEARER']);
    expect(await loginMethods(xoauth2Only, 'alice@example.test')).toEqual(['XOAUTH2']);
    // One token served both connections: it is cached until shortly before it expires.
    expect(oauth.requests).toHaveLength(1);
    expect(oauth.requests[0]).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-alice', client_id: 'landed-test' });
  });

  it('fetches a fresh token for each connection when the last one is about to expire', async () => {
    oauth.addRefreshToken('rt-bob', 'bob@example.test');
    oauth.expiresIn = 60; // inside the five-minute margin: never reused
    for (let i = 0; i < 3; i++) await closeImap(await openImap(endpoint(bothMechanisms, 'bob@example.test', refreshGrant('rt-bob')), { where: 'seed-bob' }));
    expect(oauth.requests).toHaveLength(3);
  });

  it('uses the refresh token Microsoft rotated in for the next request, and asks for the Outlook scope', async () => {
    oauth.addRefreshToken('rt-carol', 'carol@example.test');
    oauth.rotate = true;
    oauth.expiresIn = 60;
    const cfg = refreshGrant('rt-carol', 'microsoft');
    await getAccessToken(cfg);
    await getAccessToken(cfg); // rt-carol is gone at the server by now
    expect(oauth.requests.map((r) => r.refresh_token)).toEqual(['rt-carol', expect.stringMatching(/^rt-/)]);
    expect(oauth.requests[1]!.refresh_token).not.toBe('rt-carol');
    expect(oauth.requests[0]!.scope).toBe('https://outlook.office.com/.default offline_access');
  });

  it('watches a seed with Microsoft app-only access (client credentials, IMAP.AccessAsApp)', async () => {
    oauth.addClient('app-1', 'app-secret-1', 'shared@example.test');
    const cfg: OAuth2Config = { grant: 'client_credentials', flavor: 'microsoft', tokenUrl: oauth.tokenUrl, clientId: 'app-1', clientSecret: 'app-secret-1' };
    const [token] = tokens(1);
    const { recorder, handle: watch } = startWatch(seedFor('seed-app', endpoint(bothMechanisms, 'shared@example.test', cfg), { provider: 'microsoft365' }), [token!]);
    await bothMechanisms.deliver('shared@example.test', 'Junk', probeMessage(token!));
    await watch.done;
    expect(recorder.found.map((f) => [f.token, f.placement])).toEqual([[token, 'spam']]);
    expect(oauth.requests[0]).toMatchObject({ grant_type: 'client_credentials', client_secret: 'app-secret-1', scope: 'https://outlook.office365.com/.default' });
  });

  it('names the seed and says the refresh token expired, without printing it', async () => {
    const seed = seedFor('seed-expired', endpoint(bothMechanisms, 'dave@example.test', refreshGrant('rt-revoked-value')), { provider: 'gmail' });
    const check = await checkSeed(seed);
    expect(check).toMatchObject({ seedId: 'seed-expired', ok: false, error: { code: 'AUTH_FAILED' } });
    expect(check.error!.message).toMatch(/OAuth2 refresh token refused \(expired or revoked\).*invalid_grant: Token has been expired or revoked/);
    expect(check.error!.hint).toMatch(/landed auth google/);

    const error = await openImap(seed.imap, { where: seed.id }).catch((e) => e);
    expect(describeError(error)).toMatch(/^seed-expired: OAuth2 refresh token refused/);

    const { recorder, handle } = startWatch(seed, tokens(1));
    await handle.done;
    expect(recorder.problems).toEqual([expect.objectContaining({ fatal: true, message: expect.stringMatching(/refresh token refused/) })]);
    expect(oauth.requests).toHaveLength(3); // check, open, watch: a refused grant is never retried
    expect(JSON.stringify([check, recorder.problems, describeError(error)])).not.toMatch(/rt-revoked-value|client-secret-value/);
  });

  it('says the access token was not accepted when the server refuses it', async () => {
    oauth.addRefreshToken('rt-erin', 'erin@example.test');
    // The token is valid for erin, but the seed logs in as someone else: the introspection names another user.
    const check = await checkSeed(seedFor('seed-wrong-user', endpoint(bothMechanisms, 'frank@example.test', refreshGrant('rt-erin'))));
    expect(check).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(check.error!.message).toMatch(/OAuth2 access token was not accepted for frank@example.test/);
    expect(JSON.stringify(check)).not.toMatch(/at-[0-9a-f]{24}/); // no access token either
  });
});
