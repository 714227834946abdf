/**
 * Alerts from the DMARC reports, comparing a period with the one before it: an unknown sender that sent
 * more than `unknownMessages` as our domains (new or not: mail in our name from nowhere we know is worth a
 * word every time), and a route whose DMARC pass rate fell by more than `passRateDrop`.
 */
import type { Alert } from '../history/alerts.ts';
import type { DmarcReport } from './report.ts';

export interface DmarcAlertOptions {
  unknownMessages: number;
  /** 0.1 = a fall of more than 10 points. */
  passRateDrop: number;
}

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

export function detectDmarcAlerts(current: DmarcReport, previous: DmarcReport | undefined, options: DmarcAlertOptions): Alert[] {
  const alerts: Alert[] = [];
  for (const source of current.sources) {
    if (source.route !== null || source.messages <= options.unknownMessages) continue;
    const ptr = source.ptr?.names[0] ? ` (${source.ptr.names[0]})` : '';
    alerts.push({
      kind: 'dmarc-unknown-sender', route: source.ip, provider: 'dmarc',
      text: `unknown sender ${source.ip}${ptr} sent ${source.messages} messages as ${source.headerFrom.join(', ')}: DMARC pass ${pct(source.passRate)}`,
    });
  }
  if (!previous) return alerts;
  const before = passByRoute(previous);
  for (const [route, now] of passByRoute(current)) {
    const was = before.get(route);
    if (!was || was.messages === 0 || now.messages === 0) continue;
    const [rateNow, rateWas] = [now.pass / now.messages, was.pass / was.messages];
    if (rateWas - rateNow > options.passRateDrop)
      alerts.push({ kind: 'dmarc-pass-fall', route, provider: 'dmarc', check: 'dmarc', from: pct(rateWas), to: pct(rateNow),
        text: `${route}: DMARC pass rate in the reports ${pct(rateWas)} → ${pct(rateNow)} (${now.messages} messages)` });
  }
  return alerts;
}

function passByRoute(report: DmarcReport): Map<string, { messages: number; pass: number }> {
  const routes = new Map<string, { messages: number; pass: number }>();
  for (const s of report.sources) {
    if (s.route === null) continue;
    const r = routes.get(s.route) ?? { messages: 0, pass: 0 };
    routes.set(s.route, { messages: r.messages + s.messages, pass: r.pass + s.dmarcPass });
  }
  return routes;
}
