import { describe, expect, it } from 'vitest';
import { createRedactor, rememberSecret } from '../../src/secrets.ts';

describe('the redactor', () => {
  it('masks secrets as written and in the encodings protocol transcripts use', () => {
    const redact = createRedactor(['hunter2-secret', 'ya29.token-value'], [{ user: 'seed@x.test', pass: 'hunter2-secret' }]);
    const plain = Buffer.from('\0seed@x.test\0hunter2-secret').toString('base64');
    const text = `LOGIN seed@x.test hunter2-secret; AUTH PLAIN ${plain}; Bearer ya29.token-value; ${encodeURIComponent('hunter2-secret')}`;
    const masked = redact(text);
    expect(masked).not.toMatch(/hunter2|ya29|aHVudGVy/);
    expect(masked).toContain('LOGIN seed@x.test ***');
  });

  it('leaves text alone when there is nothing to hide', () => {
    expect(createRedactor([])('nothing to see')).toBe('nothing to see');
  });
});

describe('the redactor, every form a server may echo (issue 13 finding 3)', () => {
  const pass = 'Pa"ss\\wo rd$1';
  it('masks the IMAP-quoted and JSON-escaped forms of a password', () => {
    const redact = createRedactor([pass]);
    const quoted = `"${pass.replace(/[\\"]/g, '\\$&')}"`;
    expect(redact(`a1 NO [AUTHENTICATIONFAILED] user "bob" ${quoted} refused`)).toBe('a1 NO [AUTHENTICATIONFAILED] user "bob" "***" refused');
    expect(redact(JSON.stringify({ echo: pass }))).not.toContain('wo rd');
  });

  it('masks a secret inside any base64 SASL string (PLAIN, XOAUTH2, OAUTHBEARER), whoever the user is', () => {
    const token = 'ya29.a0AfH6SMC-runtime-access-token-0123456789';
    const redact = createRedactor([token, pass]);
    const sasl = [
      `n,a=someone@x.test,\x01host=imap.x.test\x01port=993\x01auth=Bearer ${token}\x01\x01`,
      `user=other@x.test\x01auth=Bearer ${token}\x01\x01`,
      `\0u\0${pass}`,
      `authz\0who@x.test\0${pass}`,
    ];
    for (const s of sasl) {
      const b64 = Buffer.from(s).toString('base64');
      const masked = redact(`a2 NO echo ${b64}`);
      expect(masked).toContain('***');
      // Nothing left that decodes back to the secret.
      expect(Buffer.from(masked.slice('a2 NO echo '.length).replace(/\*/g, 'A'), 'base64').toString('latin1')).not.toMatch(/runtime-access|wo rd/);
    }
  });

  it('masks access tokens obtained after the redactor was made', () => {
    const redact = createRedactor(['configured-secret']);
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOi-runtime-token';
    rememberSecret(token);
    expect(redact(`Bearer ${token}; ${Buffer.from(`auth=Bearer ${token}\x01`).toString('base64')}`)).not.toMatch(/runtime-token|cnVudGltZS10b2tlb/);
  });
});
