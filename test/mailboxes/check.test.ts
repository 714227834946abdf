import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapEndpoint } from '../../src/config/types.ts';
import { checkSeed, checkSeeds } from '../../src/mailboxes/check.ts';
import { startDovecot, type Dovecot } from './fixtures/dovecot.ts';
import { startGmailServer, type GmailServer } from './fixtures/gmail-server.ts';
import { seedFor } from './fixtures/seeds.ts';

// Exchange-like: STARTTLS with a self-signed certificate, no SPECIAL-USE, no IDLE, "Junk Email".
let exchange: Dovecot;
let gmail: GmailServer;
let gmailNoImap: GmailServer;
let gmailFull: GmailServer;

beforeAll(async () => {
  [exchange, gmail, gmailNoImap, gmailFull] = await Promise.all([
    startDovecot({ users: { u: 'pw-u' }, tls: true, specialUse: false, idle: false, folders: [{ name: 'Junk Email' }, { name: 'Sent Items' }] }),
    startGmailServer('seed@gmail.test', 'app-pw'),
    startGmailServer('seed@gmail.test', 'app-pw', { imapDisabled: true }),
    startGmailServer('seed@gmail.test', 'app-pw', { maxSessions: 0 }),
  ]);
});
afterAll(async () => {
  await Promise.all([exchange?.destroy(), gmail?.close(), gmailNoImap?.close(), gmailFull?.close()]);
});

const tlsEndpoint = (overrides: Partial<ImapEndpoint>): ImapEndpoint => ({ ...exchange.endpoint('u'), security: 'starttls', tls: { ca: exchange.certificate, insecure: false }, ...overrides });
const gmailEndpoint = (server: GmailServer): ImapEndpoint => ({ host: server.host, port: server.port, security: 'none', auth: { user: 'seed@gmail.test', pass: 'app-pw' }, tls: { insecure: false } });

describe('checkSeed', () => {
  it('logs in over STARTTLS with the seed\'s CA and reports folders, capabilities and warnings', async () => {
    const check = await checkSeed(seedFor('seed-ok', tlsEndpoint({})));
    expect(check).toMatchObject({
      ok: true,
      folders: { inbox: { path: 'INBOX', how: 'preset' }, spam: { path: 'Junk Email', how: 'guessed' } },
      capabilities: { idle: false, specialUse: false, gmail: false },
    });
    expect(check.warnings).toEqual([
      'junk folder "Junk Email" was guessed from its name: confirm it, or set folders.spam',
      'no IDLE: the mailbox is polled, detection is slower',
    ]);
    // With the provider preset that knows the name, it is no guess.
    expect((await checkSeed(seedFor('seed-ok', tlsEndpoint({}), { provider: 'microsoft365' }))).folders!.spam!.how).toBe('preset');
  });

  it('calls a certificate it cannot verify a TLS error, and says what to check', async () => {
    const check = await checkSeed(seedFor('seed-tls', tlsEndpoint({ tls: { insecure: false } })));
    expect(check).toMatchObject({ ok: false, error: { code: 'TLS_FAILED' } });
    expect(check.error!.message).toMatch(/^TLS with 127\.[\d.]+:\d+ failed: .*self[- ]signed certificate/);
    expect(check.error!.hint).toMatch(/imap\.tls\.ca/);
  });

  it('calls implicit TLS against a plain-text port a TLS error', async () => {
    const check = await checkSeed(seedFor('seed-wrong-port', tlsEndpoint({ security: 'tls' })));
    expect(check).toMatchObject({ ok: false, error: { code: 'TLS_FAILED' } });
  });

  it('accepts an unverified certificate only when told to, with a warning', async () => {
    const check = await checkSeed(seedFor('seed-insecure', tlsEndpoint({ tls: { insecure: true } })));
    expect(check.ok).toBe(true);
    expect(check.warnings[0]).toMatch(/TLS certificate verification is off/);
  });

  it('says nobody listens when the connection is refused', async () => {
    const check = await checkSeed(seedFor('seed-closed', { ...exchange.endpoint('u'), port: 1 }), { timeoutMs: 5_000 });
    expect(check).toMatchObject({ ok: false, error: { code: 'CONNECT_FAILED' } });
    expect(check.error!.message).toMatch(/ECONNREFUSED/);
  });

  it('recognises Gmail\'s answer for an account with IMAP switched off', async () => {
    const check = await checkSeed(seedFor('seed-gmail', gmailEndpoint(gmailNoImap), { provider: 'gmail' }));
    expect(check).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(check.error!.message).toMatch(/^login refused: IMAP access is disabled for this account at the provider \(server said: .*not enabled for IMAP use/);
    expect(check.error!.hint).toMatch(/turn on IMAP access/);
  });

  it('does not call a login held back for too many connections a wrong password', async () => {
    const check = await checkSeed(seedFor('seed-busy', gmailEndpoint(gmailFull), { provider: 'gmail' }));
    expect(check).toMatchObject({ ok: false, error: { code: 'CONNECT_FAILED' } });
    expect(check.error!.message).toMatch(/^login held back by the server, not refused: .*Too many simultaneous connections/);
    expect(check.error!.hint).toMatch(/maxConnections/);
  });
});

describe('checkSeeds', () => {
  it('checks many seeds a few at a time and keeps their order', async () => {
    const seeds = Array.from({ length: 7 }, (_, i) => seedFor(`gmail-${i}`, gmailEndpoint(gmail), { provider: 'gmail' }));
    const checks = await checkSeeds(seeds, { concurrency: 3 });
    expect(checks.map((c) => [c.seedId, c.ok])).toEqual(seeds.map((s) => [s.id, true]));
    expect(gmail.maxConcurrent).toBeLessThanOrEqual(3);
    expect(gmail.maxConcurrent).toBeGreaterThan(1);
  });
});
