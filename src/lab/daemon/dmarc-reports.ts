/**
 * The lab providers' DMARC aggregate reports (RFC 9990): on demand, each provider writes one report per
 * policy domain it received mail for, gzips it, and mails it to the `rua` of that domain's DMARC record,
 * delivered by MX like any mail, from the provider's own address. What was reported is then forgotten, so
 * the next call reports only what arrived since.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { LabDmarcReport } from '../types.ts';
import type { DaemonContext } from './daemon-context.ts';
import { readDmarcRecord, reportUris } from '../../dns/checks/dmarc-record.ts';
import { deliverByMx } from './deliver.ts';
import { ledgerOf, type LedgerEntry } from './dmarc-ledger.ts';


export async function sendDmarcReports(ctx: DaemonContext): Promise<LabDmarcReport[]> {
  const ledger = ledgerOf(ctx);
  const sent: LabDmarcReport[] = [];
  for (const [key, entry] of [...ledger.entries()]) {
    const rua = await ruaAddresses(ctx, entry.policyDomain, `mx:${entry.provider}`);
    ledger.delete(key);
    const host = ctx.state.world.providers.find((p) => p.id === entry.provider)!;
    const end = Math.floor(Date.now() / 1000);
    const begin = Math.min(Math.floor(entry.since / 1000), end);
    const reportId = `${entry.provider}.${entry.policyDomain}.${end}.${randomBytes(4).toString('hex')}`;
    const org = host.domains[0];
    const xml = aggregateXml(entry, { org, email: `noreply-dmarc@${org}`, reportId, begin, end });
    const filename = `${org}!${entry.policyDomain}!${begin}!${end}!${reportId.split('.').pop()}.xml.gz`;
    const messages = [...entry.rows.values()].reduce((sum, r) => sum + r.count, 0);
    for (const to of rua) {
      const raw = reportMail({ from: `noreply-dmarc@${org}`, to, domain: entry.policyDomain, org, reportId, filename, gz: gzipSync(xml) });
      const result = await deliverByMx(ctx, { id: `dmarc:${host.id}`, hostname: host.mx.hostname, address: host.mx.address }, { from: `noreply-dmarc@${org}`, to }, raw);
      ctx.events.add({ part: `mx:${host.id}`, kind: 'dmarc-report', to, detail: `${entry.policyDomain} ${reportId}: ${entry.rows.size} records, ${messages} messages: ${result.outcome}` });
      sent.push({ provider: host.id, domain: entry.policyDomain, to, reportId, records: entry.rows.size, messages, outcome: result.outcome });
    }
  }
  return sent;
}

/**
 * The mailto: addresses of the domain's DMARC record (rua=mailto:a@x,mailto:b@y!10m). As real receivers do
 * (RFC 9990 section 3), an address in another domain gets reports only when that domain publishes
 * `<domain>._report._dmarc.<its domain>` "v=DMARC1": nobody can have reports sent to a stranger.
 */
export async function ruaAddresses(ctx: DaemonContext, domain: string, part: string): Promise<string[]> {
  const dmarcTxt = async (name: string) => {
    try {
      return ((await ctx.resolver(name, 'TXT')) as string[][]).map((parts) => parts.join('')).find((t) => /^v=DMARC1/i.test(t));
    } catch {
      return undefined;
    }
  };
  const record = await dmarcTxt(`_dmarc.${domain}`);
  const addresses: string[] = [];
  for (const uri of reportUris(record ? readDmarcRecord(record).tags.get('rua') : undefined)) {
    if (!uri.mailDomain) continue;
    if (uri.mailDomain !== domain && !(await dmarcTxt(`${domain}._report._dmarc.${uri.mailDomain}`))) {
      ctx.events.add({ part, kind: 'dropped', to: uri.uri, detail: `DMARC report for ${domain} not sent: ${uri.mailDomain} has not authorized it (no ${domain}._report._dmarc.${uri.mailDomain})` });
      continue;
    }
    addresses.push(uri.uri.replace(/^mailto:/i, ''));
  }
  return addresses;
}

const esc = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function aggregateXml(entry: LedgerEntry, meta: { org: string; email: string; reportId: string; begin: number; end: number }): string {
  const p = entry.policy;
  const records = [...entry.rows.values()].map((r) => `  <record>
    <row>
      <source_ip>${esc(r.ip)}</source_ip>
      <count>${r.count}</count>
      <policy_evaluated>
        <disposition>${r.disposition}</disposition>
        <dkim>${r.dkimAligned ? 'pass' : 'fail'}</dkim>
        <spf>${r.spfAligned ? 'pass' : 'fail'}</spf>
      </policy_evaluated>
    </row>
    <identifiers>
      <envelope_from>${esc(r.envelopeFrom)}</envelope_from>
      <header_from>${esc(r.headerFrom)}</header_from>
    </identifiers>
    <auth_results>
${r.dkim.map((d) => `      <dkim>\n        <domain>${esc(d.domain)}</domain>\n        <selector>${esc(d.selector)}</selector>\n        <result>${esc(d.result)}</result>\n      </dkim>`).join('\n')}
      <spf>
        <domain>${esc(r.spf.domain)}</domain>
        <scope>mfrom</scope>
        <result>${esc(r.spf.result)}</result>
      </spf>
    </auth_results>
  </record>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">
  <version>1.0</version>
  <report_metadata>
    <org_name>${esc(meta.org)}</org_name>
    <email>${esc(meta.email)}</email>
    <generator>landed lab</generator>
    <report_id>${esc(meta.reportId)}</report_id>
    <date_range>
      <begin>${meta.begin}</begin>
      <end>${meta.end}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>${esc(entry.policyDomain)}</domain>
    <adkim>${p.adkim}</adkim>
    <aspf>${p.aspf}</aspf>
    <p>${esc(p.p)}</p>
    <sp>${esc(p.sp)}</sp>
${p.np ? `    <np>${esc(p.np)}</np>\n` : ''}    <testing>${p.testing}</testing>
  </policy_published>
${records.join('\n')}
</feedback>
`;
}

function reportMail(m: { from: string; to: string; domain: string; org: string; reportId: string; filename: string; gz: Buffer }): Buffer {
  const boundary = `dmarc-${randomBytes(8).toString('hex')}`;
  return Buffer.from([
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: Report Domain: ${m.domain} Submitter: ${m.org} Report-ID: <${m.reportId}>`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.reportId}@${m.org}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `This is a DMARC aggregate report for ${m.domain} from ${m.org}.`,
    `--${boundary}`,
    `Content-Type: application/gzip; name="${m.filename}"`,
    `Content-Disposition: attachment; filename="${m.filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    m.gz.toString('base64').replace(/.{76}/g, '$&\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n'));
}
