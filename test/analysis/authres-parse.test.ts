import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults as parse } from '../../src/analysis/auth/authres-parse.ts';

const summary = (value: string) => parse(value).results.map((r) => `${r.method}=${r.result}`);

describe('parseAuthenticationResults: RFC 8601 appendix B', () => {
  it('reads "none" with a version (B.2)', () => {
    expect(parse('example.org 1; none')).toMatchObject({ authservId: 'example.org', version: 1, results: [], problems: [] });
  });

  it('reads several methods with properties (B.4)', () => {
    const p = parse('example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net');
    expect(p.results).toEqual([
      { method: 'auth', result: 'pass', props: { 'smtp.auth': 'sender@example.net' }, comments: ['cram-md5'] },
      { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'example.net' }, comments: [] },
    ]);
  });

  it('keeps two results of one method apart (B.5)', () => {
    const p = parse('example.com; dkim=pass (good signature) header.d=mail-router.example.net; dkim=fail (bad signature) header.d=newyork.example.com');
    expect(p.results.map((r) => [r.result, r.props['header.d'], r.comments[0]])).toEqual([
      ['pass', 'mail-router.example.net', 'good signature'],
      ['fail', 'newyork.example.com', 'bad signature'],
    ]);
  });

  it('reads comments between every token (B.6)', () => {
    const p = parse('foo.example.net (foobar) 1 (baz); dkim (Because I like it) / 1 (One yay) = (wait for it) fail policy (A dot can go here) . (like that) expired (this surprised me) = (as I wasn\'t expecting it) 1362471462');
    expect(p).toMatchObject({ authservId: 'foo.example.net', version: 1, problems: [] });
    expect(p.results).toHaveLength(1);
    expect(p.results[0]).toMatchObject({ method: 'dkim', result: 'fail', props: { 'policy.expired': '1362471462' } });
    expect(p.results[0].comments).toContain('Because I like it');
  });
});

describe('parseAuthenticationResults: provider dialects', () => {
  it('reads Microsoft\'s header without authserv-id, with reason= and action=', () => {
    const p = parse('spf=fail (sender IP is 192.0.2.7) smtp.mailfrom=acme.example; dkim=fail (no key for signature) header.d=acme.example;dmarc=fail action=oreject header.from=acme.example;compauth=fail reason=000');
    expect(p.authservId).toBe('');
    expect(summary('spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=a.example; dmarc=bestguesspass action=none header.from=a.example')).toEqual(['spf=pass', 'dmarc=bestguesspass']);
    expect(p.results.map((r) => r.method)).toEqual(['spf', 'dkim', 'dmarc', 'compauth']);
    expect(p.results[0].comments).toEqual(['sender IP is 192.0.2.7']);
    expect(p.results[2].props.action).toBe('oreject');
    expect(p.results[3].reason).toBe('000');
  });

  it('reads Yahoo\'s dmarc=pass(p=REJECT) without a space', () => {
    const p = parse('atlas219.free.mail.bf1.yahoo.com; dkim=pass header.i=@acme.example header.s=s1; spf=pass smtp.mailfrom=acme.example; dmarc=pass(p=REJECT) header.from=acme.example;');
    expect(p.results.map((r) => `${r.method}=${r.result}`)).toEqual(['dkim=pass', 'spf=pass', 'dmarc=pass']);
    expect(p.results[2]).toMatchObject({ comments: ['p=REJECT'], props: { 'header.from': 'acme.example' } });
  });

  it('reads the old Yahoo header that lacks the ";" after the authserv-id', () => {
    const p = parse('mta1.mail.bf1.yahoo.com  from=acme.example; domainkeys=pass (ok);  from=acme.example; dkim=pass (ok)');
    expect(p.authservId).toBe('mta1.mail.bf1.yahoo.com');
    expect(p.results.filter((r) => r.method === 'dkim')).toMatchObject([{ result: 'pass' }]);
    expect(p.problems).toContain('no ";" after the authserv-id');
  });

  it('reads an ARC-Authentication-Results instance and Microsoft\'s "mx.microsoft.com 1"', () => {
    expect(parse('i=4; mx.microsoft.com 1; spf=pass (sender ip is 192.0.2.1) smtp.rcpttodomain=x.example smtp.mailfrom=y.example; arc=pass (0 oda=1 ltdi=1)')).toMatchObject({ instance: 4, authservId: 'mx.microsoft.com', version: 1 });
  });

  it('keeps quoted values, base64 padding and an @ inside comments', () => {
    const p = parse('mail.protonmail.ch; dkim=pass (2048-bit key) header.d=acme.example header.b="oD0/GKVg"; x-test=pass header.b=abc== (sender IP is 193.phish@pot.1.2)');
    expect(p.results[0].props['header.b']).toBe('oD0/GKVg');
    expect(p.results[1].props['header.b']).toBe('abc==');
    expect(p.results[1].comments).toEqual(['sender IP is 193.phish@pot.1.2']);
  });

  it('does not join a value with a trailing dot to the next method', () => {
    expect(summary('mx.example.org; iprev=pass policy.iprev=relay.acme.example. spf=pass smtp.mailfrom=acme.example')).toEqual(['iprev=pass', 'spf=pass']);
  });
});

describe('parseAuthenticationResults: hostile values', () => {
  it('survives unbalanced comments and quotes, reporting them', () => {
    const p = parse('mx.example.org; dkim=pass (unterminated comment header.d=x; spf=pass');
    expect(p.problems).toContain('a comment "(" is never closed');
    expect(parse('mx.example.org; dkim=pass header.b="unterminated').problems).toContain('a quoted string is never closed');
  });

  it('survives deep nesting, huge values and binary junk within the caps', () => {
    expect(parse(`x; dkim=pass ${'('.repeat(100_000)}`).results).toHaveLength(1);
    const many = parse(`x; ${Array.from({ length: 5000 }, (_, i) => `x-m${i}=pass`).join('; ')}`);
    expect(many.results).toHaveLength(50);
    expect(parse('\u0000\u0001;;;===;(\u00ff)"').results).toEqual([]);
    const sneaky = parse('x; dkim=pass __proto__=polluted constructor=x header.d=a.example');
    expect(Object.getPrototypeOf(sneaky.results[0].props)).toBe(Object.prototype);
    expect(sneaky.results[0].props).toEqual({ constructor: 'x', 'header.d': 'a.example' });
    const long = parse(`x; dkim=pass header.d=${'a'.repeat(10_000)}`);
    expect(long.results[0].props['header.d'].length).toBeLessThanOrEqual(200);
  });
});
