import { capPrintable } from '../../analysis/limits.ts';
import { importReportFiles, type ImportOutcome } from '../../dmarc/import.ts';
import { openHistoryDb } from '../../history/db.ts';
import type { CliIO, Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { DEFAULT_HISTORY } from './import.ts';
import { CONFIG_HELP, CONFIG_OPTION, overridesOf, placesOf } from '../config-option.ts';
import { loadConfig } from '../../config/load.ts';
import { dmarcReportCommand } from './dmarc-report.ts';
import { fetchReports } from '../../dmarc/fetch.ts';
import { createRedactor } from '../../secrets.ts';
import { LandedError } from '../../errors.ts';
import { parseSince } from '../../history/period.ts';

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
${CONFIG_HELP}`,
  options: { history: { type: 'string' }, ...CONFIG_OPTION },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (!positionals.length) {
      io.stderr.write(`landed dmarc import: give at least one report file or directory\n\n${this.usage}\n`);
      return ExitCode.usage;
    }
    const db = openHistoryDb((await placesOf(values, io)).historyFile);
    try {
      const outcomes = await importReportFiles(db, positionals, { cwd: io.cwd, signal: io.signal });
      for (const outcome of outcomes) writeOutcome(outcome, io);
      return outcomes.some((o) => o.status === 'skipped') ? ExitCode.failed : ExitCode.ok;
    } finally {
      db.close();
    }
  },
};

function writeOutcome(o: ImportOutcome, io: CliIO): void {
  const source = capPrintable(o.source, 300);
  if (o.status === 'skipped') {
    io.stderr.write(`${source}: skipped: ${o.problem}\n`);
    return;
  }
  const what = `${o.org} report ${o.reportId} for ${o.domain}`;
  io.stdout.write(o.status === 'added' ? `${source}: ${what}: ${o.records} records, ${o.messages} messages\n` : `${source}: ${what}: already in the history\n`);
}

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
    const config = await loadConfig(values.config as string, { ...io, overrides: overridesOf(values) });
    if (!config.dmarc)
      throw new LandedError('CONFIG_INVALID', 'no dmarc: section: landed does not know the rua mailbox', {
        where: config.file,
        hint: 'Add dmarc: { address: dmarc@your.domain, imap: { host: ..., auth: { pass: "${DMARC_PASS}" } } } (see docs/dmarc.md).',
      });
    const since = values.since ? new Date(parseSince(values.since as string, Date.now())) : undefined;
    const redact = createRedactor(config.secrets);
    const db = openHistoryDb(config.historyFile);
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
