/** SMTP TLS reporting (RFC 8460): where senders report TLS failures for mail to this domain. */
import type { Resolver } from '../resolver.ts';
import { findingsFor, type Finding } from '../types.ts';
import { parseTagList } from './tags.ts';
import { lookupTagged } from './txt.ts';

export async function checkTlsRpt(resolver: Resolver, domain: string): Promise<Finding[]> {
  const f = findingsFor('tls-rpt', domain);
  const name = `_smtp._tls.${domain}`;
  const found = await lookupTagged(resolver, name, /^v=TLSRPTv1\s*(;|$)/i);
  if (found.status !== 'found') {
    return [f('info', 'missing', { message: `${domain} asks for no TLS reports (no ${name} TXT)`, breaks: 'Nothing fails; you do not hear when senders cannot deliver over TLS.', fix: `Publish "v=TLSRPTv1; rua=mailto:tls-reports@${domain}" at ${name}.` })];
  }
  if (found.records.length > 1) {
    return [f('error', 'multiple-records', { message: `${name} has ${found.records.length} TLSRPT records`, breaks: 'Senders send no reports (RFC 8460 section 3).', fix: 'Keep exactly one record.' })];
  }
  const rua = parseTagList(found.records[0]).tags.get('rua') ?? '';
  const uris = rua.split(',').map((u) => u.trim()).filter(Boolean);
  const bad = uris.filter((u) => !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(u));
  if (!uris.length || bad.length) {
    return [f('error', 'bad-rua', { message: uris.length ? `rua= has invalid URIs: ${bad.join(', ')}` : `${name} has no rua=`, breaks: 'Senders cannot send the reports.', fix: `Use rua=mailto:tls-reports@${domain} or an https: URL.` })];
  }
  return [];
}
