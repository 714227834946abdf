/** BIMI (the logo record): syntax, an HTTPS logo, and the DMARC enforcement it depends on. */
import type { Resolver } from '../resolver.ts';
import { findingsFor, type Finding } from '../types.ts';
import { readDmarcRecord } from './dmarc-record.ts';
import { parseTagList } from './tags.ts';
import { lookupTagged } from './txt.ts';

export async function checkBimi(resolver: Resolver, domain: string): Promise<Finding[]> {
  const f = findingsFor('bimi', domain);
  const name = `default._bimi.${domain}`;
  const found = await lookupTagged(resolver, name, /^v=BIMI1\s*(;|$)/i);
  if (found.status !== 'found') {
    return [f('info', 'missing', { message: `${domain} publishes no BIMI record`, breaks: 'Nothing; mailbox providers that show logos show none for you.', fix: `Publish "v=BIMI1; l=https://.../logo.svg" at ${name} (with a VMC in a= for Gmail).` })];
  }
  const tags = parseTagList(found.records[0]).tags;
  const findings: Finding[] = [];
  for (const tag of ['l', 'a']) {
    const value = tags.get(tag);
    if (value && !/^https:\/\/\S+$/i.test(value)) {
      findings.push(f('error', 'bad-url', { message: `${tag}=${value} is not an https: URL`, breaks: 'Providers ignore the record: no logo is shown.', fix: `Serve the ${tag === 'l' ? 'SVG logo' : 'VMC certificate'} over HTTPS and point ${tag}= at it.` }, { subject: tag }));
    }
  }
  const dmarc = await lookupTagged(resolver, `_dmarc.${domain}`, /^v\s*=\s*DMARC1\s*(;|$)/i);
  const record = dmarc.status === 'found' ? readDmarcRecord(dmarc.records[0]) : undefined;
  const enforced = record?.policy === 'quarantine' || record?.policy === 'reject';
  const testing = record?.tags.get('t')?.toLowerCase() === 'y';
  const partial = record?.tags.has('pct') && Number(record.tags.get('pct')) < 100;
  if (!enforced || testing || partial) {
    findings.push(f('warning', 'dmarc-not-enforced', {
      message: `BIMI is published but DMARC is not enforced (${record ? `p=${record.policy ?? 'invalid'}${testing ? ', t=y' : ''}${partial ? `, pct=${record.tags.get('pct')}` : ''}` : 'no DMARC record'})`,
      breaks: 'Providers show a BIMI logo only for domains with DMARC p=quarantine or p=reject applied to all mail.',
      fix: 'Move DMARC to p=quarantine or p=reject without pct or t=y.',
    }));
  }
  return findings;
}
