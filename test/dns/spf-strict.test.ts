/**
 * landed evaluates SPF as RFC 7208 says (mailauth's strict mode), not with mailauth's lenient dual-stack
 * shortcut: names that exist only as AAAA are void lookups for an IPv4 client, and more than two are a
 * permerror. A lenient evaluation calls this record fine, which would hide a failure a receiver sees.
 */
import { expect, it } from 'vitest';
import { evaluateSpf } from '../../src/dns/checks/spf-eval.ts';
import type { Resolver } from '../../src/dns/resolver.ts';

const records: Record<string, Record<string, unknown[]>> = {
  'acme.test': { TXT: [['v=spf1 a:v6a.acme.test a:v6b.acme.test a:v6c.acme.test ip4:192.0.2.10 -all']] },
  'v6a.acme.test': { AAAA: ['2001:db8::1'] },
  'v6b.acme.test': { AAAA: ['2001:db8::2'] },
  'v6c.acme.test': { AAAA: ['2001:db8::3'] },
};
const resolver = (async (name: string, type: string) => {
  const answer = records[name.toLowerCase().replace(/\.$/, '')];
  if (!answer) throw Object.assign(new Error(`${name} not found`), { code: 'ENOTFOUND' });
  if (!answer[type]) throw Object.assign(new Error(`${name} has no ${type}`), { code: 'ENODATA' });
  return answer[type];
}) as unknown as Resolver;

it('counts AAAA-only names as void lookups for an IPv4 client: three of them are a permerror (RFC 7208 4.6.4)', async () => {
  const verdict = await evaluateSpf(resolver, { ip: '192.0.2.10', sender: 'sales@acme.test' });
  expect(verdict.result).toBe('permerror');
});
