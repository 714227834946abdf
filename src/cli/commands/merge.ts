import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { copyMessages } from '../../results/run-folder.ts';
import { LandedError, describeError } from '../../errors.ts';
import { detectAlerts } from '../../history/alerts.ts';
import { openHistory, type HistoryDb } from '../../history/index.ts';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../../reporters/alerts/payloads.ts';
import { sendAlerts } from '../../reporters/alerts/webhook.ts';
import { mergeShards } from '../../results/merge.ts';
import { findResultFiles, readResults } from '../../results/read.ts';
import type { RunResult } from '../../results/types.ts';
import { writeRunFile } from '../../results/write.ts';
import type { CliIO, Command } from '../command.ts';
import { optionalConfig } from '../config-option.ts';
import { ExitCode, verdictOf, withReporterFailures } from '../exit-codes.ts';
import { reportersFor } from './reporters.ts';

export const mergeCommand: Command = {
  path: ['merge'],
  summary: 'combine the results of `landed run --shard i/n` into one run and report it',
  usage: `Usage: landed merge SHARD... --out DIR [--run-id ID] [--reporter NAME...] [--history FILE | --config FILE] [--alert FORMAT]

Reads the results.json of every shard of one run (files, run directories, or a directory holding them),
checks that each shard is there exactly once and no probe is missing or doubled, writes DIR/results.json
with the captured messages, and plays the merged run through the reporters like an unsharded run.

Options:
  --out DIR          where the merged run goes (required)
  --reporter NAME    console, json, junit, github, markdown, html (repeatable; default: console)
  --run-id ID        id of the merged run (required when the shards were started with different ids)
  --history FILE     also add the merged run to this history database
  --config FILE      also add the merged run to the history landed.yaml names
  --alert FORMAT     slack, teams or generic: post to $LANDED_ALERT_WEBHOOK the cells whose inbox rate fell
                     below --expected-inbox or whose SPF/DKIM/DMARC verdict flipped since their last run
                     (link: $LANDED_REPORT_URL)
  --expected-inbox R expected inbox rate per route x provider for --alert, 0..1 (default: 0.9)

Exit codes: 0 every expectation met, 1 an expectation failed, 2 the shards do not fit together, 3 interrupted.`,
  options: {
    out: { type: 'string' },
    reporter: { type: 'string', multiple: true },
    'run-id': { type: 'string' },
    history: { type: 'string' },
    config: { type: 'string' },
    alert: { type: 'string' },
    'expected-inbox': { type: 'string', default: '0.9' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (!positionals.length || !values.out) {
      io.stderr.write(`landed merge: give the shards' results and --out DIR\n\n${this.usage}\n`);
      return ExitCode.usage;
    }
    const files = await findResultFiles(positionals, io.cwd);
    const shards = await Promise.all(files.map((file) => readResults(file)));
    const merged = mergeShards(shards, { sources: files, runId: values['run-id'] as string | undefined });
    const outDir = resolve(io.cwd, values.out as string);
    await mkdir(outDir, { recursive: true });
    await copyMessages(shards, files, outDir);
    await writeRunFile(resolve(outDir, 'results.json'), merged);

    const reporter = reportersFor((values.reporter as string[] | undefined) ?? ['console'], outDir, io);
    await reporter.onEnd?.(merged, outDir);
    // Only when asked: a merge adds to no history of its own accord (not even ./landed.yaml's).
    const historyFile = values.config ? (await optionalConfig(values, io))!.historyFile : values.history ? resolve(io.cwd, values.history as string) : undefined;
    if (historyFile) {
      const history = openHistory(historyFile);
      try {
        history.importRun(merged);
        if (values.alert) await alert(history.db, merged, values, io);
      } finally {
        history.close();
      }
    } else if (values.alert) {
      throw new LandedError('USAGE', '--alert needs --history or --config: alerts compare the run with the previous ones');
    }
    return withReporterFailures(verdictOf(merged.status), reporter.failures, 'merge', io.stderr);
  },
};

async function alert(db: HistoryDb, run: RunResult, values: Record<string, unknown>, io: CliIO): Promise<void> {
  const format = values.alert as WebhookFormat;
  if (!WEBHOOK_FORMATS.includes(format)) throw new LandedError('USAGE', `--alert ${format}: expected ${WEBHOOK_FORMATS.join(', ')}`);
  const expectedInbox = Number(values['expected-inbox']);
  if (!(expectedInbox >= 0 && expectedInbox <= 1)) throw new LandedError('USAGE', `--expected-inbox ${String(values['expected-inbox'])}: expected a rate from 0 to 1`);
  const url = io.env.LANDED_ALERT_WEBHOOK;
  if (!url) throw new LandedError('ENV_MISSING', '--alert needs the webhook URL in LANDED_ALERT_WEBHOOK', { hint: 'In GitHub Actions, set it from a secret.' });
  const alerts = detectAlerts(db, run, { expectedInbox });
  try {
    await sendAlerts(alerts, { runId: run.runId, reportUrl: io.env.LANDED_REPORT_URL }, { url, format });
  } catch (error) {
    // The merge and its import succeeded: the exit code stays theirs; the failed alert is said loudly.
    if (!(error instanceof LandedError)) throw error;
    io.stderr.write(`landed merge: warning: the run was merged and recorded, but the alert was not sent: ${describeError(error)}\n${error.hint ? `  ${error.hint}\n` : ''}`);
    return;
  }
  io.stderr.write(`landed merge: ${alerts.length ? `${alerts.length} alert${alerts.length === 1 ? '' : 's'} sent` : 'nothing to alert'}\n`);
}

