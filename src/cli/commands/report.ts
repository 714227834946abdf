import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { LandedError } from '../../errors.ts';
import { dirname, join, resolve } from 'node:path';
import { openHistory } from '../../history/index.ts';
import { parseSince } from '../../history/period.ts';
import { renderTrendReport } from '../../reporters/html/trend-report.ts';
import { findResultFiles, readResults } from '../../results/read.ts';
import type { Command } from '../command.ts';
import { ExitCode, withReporterFailures } from '../exit-codes.ts';
import type { ReporterFailure } from '../../reporters/index.ts';
import { reportersFor } from './reporters.ts';
import { dmarcTrendFor } from './dmarc-report.ts';
import { CONFIG_OPTION, placesOf } from '../config-option.ts';
import { shownPath } from '../paths.ts';

export const reportCommand: Command = {
  path: ['report'],
  summary: 'write the HTML report of a run, or the trend report over the history (--trend)',
  usage: `Usage: landed report [RUN...] [--reporter NAME] [--out DIR] [--config FILE]
       landed report --trend [--since 90d] [--until DATE] [--history FILE] [--out DIR] [--config FILE]

Without --trend, renders finished runs again through the reporters (default: html), from their
results.json (a file, a run directory; default: every run in the reports folder). Files go into each run's directory,
or into --out DIR.
With --trend, writes DIR/trend.html (default DIR: the reports folder) from the history: inbox, spam and missing rates per
route and provider over time, auth pass rates, latency p50/p95 and the points where a verdict changed; with
DMARC reports in the history (landed dmarc import/fetch), their pass rate per route and the unknown senders per day.

Options:
  --trend            the trend report over the history
  --since WHEN       start of the trend: a duration back from now (90d, 12h, 2w, 1y) or a date (default: 90d)
  --until WHEN       end of the trend (default: now)
  --history FILE     the history database (default: landed.yaml's, else reports/history.sqlite)
  --out DIR          where to write (default: the run's directory; the reports folder for --trend)
  --reporter NAME    console, json, junit, github, markdown, html (repeatable; default: html)
  --config FILE      landed.yaml: where runs and the history are kept (default: ./landed.yaml when there is one)`,
  options: {
    trend: { type: 'boolean', default: false },
    since: { type: 'string', default: '90d' },
    until: { type: 'string' },
    history: { type: 'string' },
    ...CONFIG_OPTION,
    out: { type: 'string' },
    reporter: { type: 'string', multiple: true },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const now = Date.now();
    const places = await placesOf(values, io);
    if (values.trend) {
      const historyFile = places.historyFile;
      if (!existsSync(historyFile))
        throw new LandedError('RUN_NOT_FOUND', `no history at ${shownPath(historyFile, io)}`, {
          hint: "Runs are added by 'landed run', 'landed merge --history' and 'landed import'; or give --history FILE.",
        });
      const history = openHistory(historyFile);
      let html: string;
      try {
        const since = parseSince(values.since as string, now);
        const until = values.until ? parseSince(values.until as string, now, '--until') : undefined;
        const trend = history.trend({ since, until, now });
        trend.dmarc = await dmarcTrendFor(history.db, { since, until: until ?? now }, places);
        html = renderTrendReport(trend);
      } finally {
        history.close();
      }
      const file = join(values.out ? resolve(io.cwd, values.out as string) : places.reportsDir, 'trend.html');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, html);
      io.stdout.write(`${file} (${Math.round(Buffer.byteLength(html) / 1024)} KiB)\n`);
      return ExitCode.ok;
    }
    const files = await findResultFiles(positionals.length ? positionals : [join(places.reportsDir, 'runs')], io.cwd);
    const failures: ReporterFailure[] = [];
    for (const file of files) {
      const run = await readResults(file);
      const runDir = dirname(file);
      const out = values.out ? resolve(io.cwd, values.out as string, files.length > 1 ? run.runId : '.') : runDir;
      await mkdir(out, { recursive: true });
      const reporter = reportersFor((values.reporter as string[] | undefined) ?? ['html'], runDir, io);
      // Message files are read from the run's own directory (options.runDir); the reports go to `out`.
      await reporter.onEnd?.(run, out);
      failures.push(...reporter.failures);
      io.stdout.write(`${run.runId}: reports in ${out}\n`);
    }
    return withReporterFailures(ExitCode.ok, failures, 'report', io.stderr);
  },
};
