import { capPrintable } from '../../analysis/limits.ts';
import type { DmarcReport, DmarcSource } from '../../dmarc/report.ts';
import type { Alert } from '../../history/alerts.ts';
import { table } from '../../text/table.ts';

const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
/** Report values come from receivers (and PTR from anyone's DNS): printable and short. */
const safe = (value: string, max = 80) => capPrintable(value, max);

/** The text of `landed dmarc report`: domains, then sources, unknown senders spelled out. */
export function renderDmarcText(report: DmarcReport, alerts: Alert[] = []): string {
  const head = `DMARC aggregate reports ${report.since.slice(0, 10)} .. ${report.until.slice(0, 10)}: ${report.reports} reports, ${report.messages} messages\n`;
  if (report.reports === 0) return `${head}No reports in this period: 'landed dmarc import FILE...' or 'landed dmarc fetch' adds them.\n`;
  const domains = table(['domain', 'messages', 'DMARC pass'], report.domains.map((d) => [safe(d.domain), String(d.messages), pct(d.passRate)]));
  const sources = table(
    ['source', 'route', 'messages', 'DMARC pass', 'SPF aligned', 'DKIM aligned', 'disposition', 'reported by'],
    report.sources.map((s) => [
      safe(s.ip, 45),
      s.route ? safe(s.route, 40) : 'UNKNOWN',
      String(s.messages),
      pct(s.passRate),
      String(s.spfAligned),
      String(s.dkimAligned),
      Object.entries(s.dispositions).map(([d, n]) => `${d} ${n}`).join(', '),
      s.orgs.map((o) => safe(o, 40)).join(', '),
    ]),
  );
  const unknown = report.sources.filter((s) => s.route === null);
  const details = unknown.length ? `\nUnknown senders (not a route's run address, localAddress or SPF):\n${unknown.map(describeUnknown).join('')}` : '';
  const alerted = alerts.length ? `\nAlerts:\n${alerts.map((a) => `  ${safe(a.text, 300)}\n`).join('')}` : '';
  return `${head}\n${domains}\n${sources}${details}${alerted}`;
}

function describeUnknown(s: DmarcSource): string {
  const ptr = s.ptr === null ? 'not looked up' : s.ptr.names.length ? `${s.ptr.names.map((n) => safe(n)).join(', ')}${s.ptr.forwardConfirmed ? '' : ' (not forward-confirmed)'}` : 'none';
  const list = (values: string[]) => (values.length ? values.map((v) => safe(v)).join(', ') : '-');
  return `  ${safe(s.ip, 45)}: ${s.messages} messages, PTR ${ptr}; From ${list(s.headerFrom)}; MAIL FROM ${list(s.envelopeFrom)}; DKIM ${list(s.dkimDomains)}\n`;
}
