import { existsSync } from 'node:fs';
import { detectDmarcAlerts } from '../../dmarc/alerts.ts';
import { routeIdentity, routeMatcher } from '../../dmarc/join.ts';
import { buildDmarcReport } from '../../dmarc/report.ts';
import { resolverFor } from '../dns-context.ts';
import type { Places } from '../../config/places.ts';
import type { ResolvedConfig } from '../../config/types.ts';
import { CONFIG_OPTION, placesOf } from '../config-option.ts';
import { shownPath } from '../paths.ts';
import { LandedError } from '../../errors.ts';
import type { Alert } from '../../history/alerts.ts';
import { openHistoryDb, type HistoryDb } from '../../history/db.ts';
import type { DmarcTrendData } from '../../history/dmarc-trend.ts';
import { buildDmarcTrend } from '../../dmarc/trend.ts';
import { parseSince } from '../../history/period.ts';
import { routesByIp } from '../../history/route-ips.ts';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../../reporters/alerts/payloads.ts';
import { sendAlerts } from '../../reporters/alerts/webhook.ts';
import type { CliIO, Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { renderDmarcText } from './dmarc-text.ts';
import { DEFAULT_HISTORY } from './import.ts';

const DEFAULT_DMARC_ALERTS = { unknownMessages: 100, passRateDrop: 0.1 };

export const dmarcReportCommand: Command = {
  path: ['dmarc', 'report'],
  summary: 'who sends as our domains, from the DMARC reports: each source matched to a route or an unknown sender',
  usage: `Usage: landed dmarc report [--since 30d] [--until WHEN] [--json] [--config FILE] [--history FILE] [--dns ADDR[:PORT]]

From the DMARC aggregate reports in the history (landed dmarc import / fetch): per domain the messages and
the DMARC pass rate; per source IP the route it is (seen sending in runs, the route's localAddress, or
authorised by the SPF of the route's envelope domain) or "unknown" with its PTR and the domains it used,
messages, DMARC pass, aligned SPF and DKIM, the dispositions receivers applied, and the reporting orgs.

Options:
  --since WHEN       reports that began after: a duration back from now (30d, 12h, 2w) or a date (default: 30d)
  --until WHEN       and before (default: now)
  --json             { reports, messages, domains: [...], sources: [{ ip, messages, dmarcPass, passRate, route, ... }] }
  --config FILE      landed.yaml with the routes (default: ./landed.yaml when it exists)
  --history FILE     the history database (default: the config's, else ${DEFAULT_HISTORY})
  --dns ADDR[:PORT]  resolver for SPF and PTR (default: the config's dns.servers, else the system's)
  --alert FORMAT     send the alerts (slack, teams, generic) to the webhook in LANDED_ALERT_WEBHOOK

Alerts (printed, in --json as "alerts", and sent with --alert): an unknown sender with more than
dmarc.alerts.unknownMessages messages (default 100); a route whose DMARC pass rate fell by more than
dmarc.alerts.passRateDrop (default 0.1) from the period before, of the same length.`,
  options: {
    since: { type: 'string', default: '30d' },
    until: { type: 'string' },
    json: { type: 'boolean', default: false },
    ...CONFIG_OPTION,
    history: { type: 'string' },
    dns: { type: 'string' },
    alert: { type: 'string' },
  },
  async run({ values }, io) {
    const now = Date.now();
    const since = parseSince(values.since as string, now);
    const until = values.until ? parseSince(values.until as string, now, '--until') : now;
    const { config, historyFile, dnsServers } = await placesOf(values, io);
    if (!existsSync(historyFile)) throw new LandedError('RUN_NOT_FOUND', `no history at ${shownPath(historyFile, io)}`, { hint: "Add reports with 'landed dmarc import FILE...' or 'landed dmarc fetch'." });
    const resolver = resolverFor(dnsServers);
    const db = openHistoryDb(historyFile);
    try {
      const routes = [...(config?.routes.values() ?? [])].map(routeIdentity);
      const matcher = routeMatcher(routes, routesByIp(db), resolver);
      const report = await buildDmarcReport(db, { since, until, matcher, resolver });
      // The period before, of the same length: what a route's pass rate is compared with.
      const previous = await buildDmarcReport(db, { since: since - (until - since), until: since, matcher, maxPtrLookups: 0 });
      const alerts = detectDmarcAlerts(report, previous.reports ? previous : undefined, config?.dmarc?.alerts ?? DEFAULT_DMARC_ALERTS);
      io.stdout.write(values.json ? `${JSON.stringify({ ...report, alerts }, null, 2)}\n` : renderDmarcText(report, alerts));
      if (values.alert) await sendDmarcAlerts(alerts, values.alert as string, io);
    } finally {
      db.close();
    }
    return ExitCode.ok;
  },
};

async function sendDmarcAlerts(alerts: Alert[], format: string, io: CliIO): Promise<void> {
  if (!WEBHOOK_FORMATS.includes(format as WebhookFormat)) throw new LandedError('USAGE', `--alert ${format}: expected ${WEBHOOK_FORMATS.join(', ')}`);
  const url = io.env.LANDED_ALERT_WEBHOOK;
  if (!url) throw new LandedError('ENV_MISSING', '--alert needs the webhook URL in LANDED_ALERT_WEBHOOK', { hint: 'In GitHub Actions, set it from a secret.' });
  await sendAlerts(alerts, { runId: 'dmarc report', reportUrl: io.env.LANDED_REPORT_URL }, { url, format: format as WebhookFormat });
  io.stderr.write(`landed dmarc report: ${alerts.length ? `${alerts.length} alert${alerts.length === 1 ? '' : 's'} sent` : 'nothing to alert'}\n`);
}

/** The DMARC lines of `landed report --trend`, routes from the config when there is one; none without reports. */
export async function dmarcTrendFor(db: HistoryDb, period: { since: number; until: number }, places: Places & { config?: ResolvedConfig }): Promise<DmarcTrendData | undefined> {
  const matcher = routeMatcher([...(places.config?.routes.values() ?? [])].map(routeIdentity), routesByIp(db), resolverFor(places.dnsServers));
  return buildDmarcTrend(db, { ...period, matcher });
}
