import { describe, expect, it } from 'vitest';
import { addressOf, domainOf, localPartOf } from '../src/address.ts';

describe('addresses', () => {
  it('the bare address of a From, bare or with a display name', () => {
    expect(addressOf('Acme Billing <billing@acme.test>')).toBe('billing@acme.test');
    expect(addressOf('  billing@acme.test ')).toBe('billing@acme.test');
  });

  it('the domain: lower-cased, without the trailing dot, from a bare address or a display-name form', () => {
    expect(domainOf('billing@Acme.TEST.')).toBe('acme.test');
    expect(domainOf('"Acme, Inc" <billing@Mail.Acme.test>')).toBe('mail.acme.test');
    expect(domainOf('a@b@relay.acme.test')).toBe('relay.acme.test');
  });

  it('no domain where there is none, and never hostile text as a domain', () => {
    for (const value of [undefined, '', 'acme.test', 'user@', 'user@[192.0.2.1]', 'user@acme..test', 'x@evil.test>\r\nBcc: me', 'x@evil test'])
      expect(domainOf(value), String(value)).toBeUndefined();
  });

  it('the local part is what stands before the last @, as a quoted local part may hold one', () => {
    expect(localPartOf('list@lists.test')).toBe('list');
    expect(localPartOf('"a@b"@acme.test')).toBe('"a@b"');
    expect(localPartOf('postmaster')).toBe('postmaster');
  });
});
