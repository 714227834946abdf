/** When a watched folder's failed connection ends the watch (src/mailboxes/watch/folder-session.ts). */
import { describe, expect, it } from 'vitest';
import { LandedError } from '../../src/errors.ts';
import { givesUp } from '../../src/mailboxes/watch/folder-session.ts';

const tls = new LandedError('TLS_FAILED', 'TLS with 127.0.0.1:1143 failed: Unexpected close (ClosedAfterConnectTLS)');
const login = new LandedError('AUTH_FAILED', 'login refused for seed: wrong user name or password');
const lost = new LandedError('CONNECT_FAILED', 'connection lost');

describe('a watched folder gives up', () => {
  it('at once on a TLS failure before any login worked: the settings are wrong', () => {
    expect(givesUp(tls, false, 1)).toBe(true);
  });

  it('not on a TLS handshake cut short once a login worked: a server restarting', () => {
    expect(givesUp(tls, true, 1)).toBe(false);
    expect(givesUp(tls, true, 100)).toBe(true);
  });

  it('at once on a refused login, before or after a login worked', () => {
    expect(givesUp(login, false, 1)).toBe(true);
    expect(givesUp(login, true, 1)).toBe(true);
  });

  it('on lost connections after a few tries before the first login, many after it', () => {
    expect(givesUp(lost, false, 2)).toBe(false);
    expect(givesUp(lost, false, 3)).toBe(true);
    expect(givesUp(lost, true, 3)).toBe(false);
  });
});
