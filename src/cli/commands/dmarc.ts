import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { capPrintable } from '../../analysis/limits.ts';
import { importReportFiles, type ImportOutcome } from '../../dmarc/import.ts';
import { openHistoryDb } from '../../history/db.ts';
import type { CliIO, Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { DEFAULT_HISTORY } from './import.ts';
import { loadConfig } from '../../config/load.ts';
import { buildDmarcReport } from '../../dmarc/report.ts';
import { fetchReports } from '../../dmarc/fetch.ts';
import { createRedactor } from '../../secrets.ts';
import { routeIdentity, routeMatcher } from '../../dmarc/join.ts';
import { loadConfigForDns, resolverFor } from '../dns-context.ts';
import { LandedError } from '../../errors.ts';
import { parseSince } from '../../history/period.ts';
import { routesByIp } from '../../history/route-ips.ts';
import { renderDmarcText } from './dmarc-text.ts';

export const dmarcImportCommand: Command = {
  path: ['dmarc', 'import'],
  summary: 'add DMARC aggregate reports (XML, .xml.gz, .zip, .eml) to the history',
  usage: `Usage: landed dmarc import FILE... [--history FILE] [--config FILE]

Reads DMARC aggregate reports as receivers send them: XML (RFC 7489 or RFC 9990), .xml.gz, .zip, or a mail
(.eml) with one of those attached; a directory stands for the files in it. Each report is stored once, keyed
by its reporting org and report id: importing it again (or fetching it later) changes nothing.
A file that cannot be read (broken or hostile XML, a zip or gzip bomb, invalid UTF-8, a missing field, a
negative count) is named with what is wrong and skipped; the others are imported.

Exit codes: 0 every file imported or already there; 1 some files skipped (named on stderr); 2 usage.

Options:
  --history FILE   the history database (default: the config's, else ${DEFAULT_HISTORY})
  --config FILE    landed.yaml whose history to use (default: ./landed.yaml when it exists)`,
  options: { history: { type: 'string' }, config: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (!positionals.length) {
      io.stderr.write(`landed dmarc import: give at least one report file or directory\n\n${this.usage}\n`);
      return ExitCode.usage;
    }
    const db = openHistoryDb(await historyFile(values, io));
    try {
      const outcomes = await importReportFiles(db, positionals, { cwd: io.cwd, signal: io.signal });
      for (const outcome of outcomes) writeOutcome(outcome, io);
      return outcomes.some((o) => o.status === 'skipped') ? ExitCode.failed : ExitCode.ok;
    } finally {
      db.close();
    }
  },
};

/** --history, else the config's history when there is a config, else the default beside the reports. */
export async function historyFile(values: Record<string, unknown>, io: CliIO): Promise<string> {
  if (values.history) return resolve(io.cwd, values.history as string);
  const config = values.config as string | undefined;
  if (config || existsSync(resolve(io.cwd, 'landed.yaml'))) return (await loadConfig(config ?? 'landed.yaml', { ...io, secretsOptional: true })).historyFile;
  return resolve(io.cwd, DEFAULT_HISTORY);
}

function writeOutcome(o: ImportOutcome, io: CliIO): void {
  const source = capPrintable(o.source, 300);
  if (o.status === 'skipped') {
    io.stderr.write(`${source}: skipped: ${o.problem}\n`);
    return;
  }
  const what = `${o.org} report ${o.reportId} for ${o.domain}`;
  io.stdout.write(o.status === 'added' ? `${source}: ${what}: ${o.records} records, ${o.messages} messages\n` : `${source}: ${what}: already in the history\n`);
}

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
  --dns ADDR[:PORT]  resolver for SPF and PTR (default: the config's dns.servers, else the system's)`,
  options: {
    since: { type: 'string', default: '30d' },
    until: { type: 'string' },
    json: { type: 'boolean', default: false },
    config: { type: 'string' },
    history: { type: 'string' },
    dns: { type: 'string' },
  },
  async run({ values }, io) {
    const now = Date.now();
    const since = parseSince(values.since as string, now);
    const until = values.until ? parseSince(values.until as string, now, '--until') : now;
    const config = await loadConfigForDns((values.config as string | undefined) ?? 'landed.yaml', io, values.config !== undefined);
    const file = values.history ? resolve(io.cwd, values.history as string) : (config?.historyFile ?? resolve(io.cwd, DEFAULT_HISTORY));
    if (!existsSync(file)) throw new LandedError('RUN_NOT_FOUND', `no history at ${file}`, { hint: "Add reports with 'landed dmarc import FILE...' or 'landed dmarc fetch'." });
    const resolver = resolverFor(values.dns as string | undefined, config);
    const db = openHistoryDb(file);
    try {
      const routes = [...(config?.routes.values() ?? [])].map(routeIdentity);
      const matcher = routeMatcher(routes, routesByIp(db), resolver);
      const report = await buildDmarcReport(db, { since, until, matcher, resolver });
      io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDmarcText(report));
    } finally {
      db.close();
    }
    return ExitCode.ok;
  },
};

export const dmarcFetchCommand: Command = {
  path: ['dmarc', 'fetch'],
  summary: 'read the DMARC aggregate reports in the rua mailbox (landed.yaml dmarc:) into the history',
  usage: `Usage: landed dmarc fetch [--config FILE] [--since WHEN] [--history FILE]

Logs into the mailbox of the \`dmarc:\` section of landed.yaml (IMAP, password or OAuth2, as for a seed),
reads every message of its folders and imports the report each carries, as 'landed dmarc import' does.
Nothing in the mailbox is changed. A report already in the history is not added again.

Exit codes: 0 every message imported or already there; 1 some messages skipped (named on stderr); 2 usage
or configuration (no dmarc: section, a login refused).

Options:
  --config FILE    landed.yaml (default: ./landed.yaml)
  --since WHEN     only messages received since (30d, 2026-11-01); default: all
  --history FILE   the history database (default: the config's)`,
  options: { config: { type: 'string', default: 'landed.yaml' }, since: { type: 'string' }, history: { type: 'string' } },
  async run({ values }, io) {
    const config = await loadConfig(values.config as string, io);
    if (!config.dmarc)
      throw new LandedError('CONFIG_INVALID', 'no dmarc: section: landed does not know the rua mailbox', {
        where: config.file,
        hint: 'Add dmarc: { address: dmarc@your.domain, imap: { host: ..., auth: { pass: "${DMARC_PASS}" } } } (see docs/dmarc.md).',
      });
    const since = values.since ? new Date(parseSince(values.since as string, Date.now())) : undefined;
    const redact = createRedactor(config.secrets);
    const db = openHistoryDb(values.history ? resolve(io.cwd, values.history as string) : config.historyFile);
    try {
      const outcomes = await fetchReports(db, config.dmarc, { since, signal: io.signal });
      for (const outcome of outcomes) writeOutcome({ ...outcome, problem: outcome.problem && redact(outcome.problem) }, io);
      const added = outcomes.filter((o) => o.status === 'added').length;
      io.stdout.write(`${config.dmarc.address}: ${outcomes.length} messages, ${added} new reports\n`);
      return outcomes.some((o) => o.status === 'skipped') ? ExitCode.failed : ExitCode.ok;
    } finally {
      db.close();
    }
  },
};

export const dmarcCommands: Command[] = [dmarcImportCommand, dmarcFetchCommand, dmarcReportCommand];
