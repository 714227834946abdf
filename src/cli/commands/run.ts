import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { LandedError } from '../../errors.ts';
import type { JournalEntry } from '../../run/journal.ts';
import { RUN_ID_PATTERN } from '../../results/validate.ts';
import { buildPlan } from '../../plan/plan.ts';
import { parseShard } from '../../plan/shard.ts';
import { newRunId } from '../../plan/token.ts';
import { executeRun, type RunStart } from '../../run/run.ts';
import { findUnfinishedRuns, loadForResume, runDirOf } from '../../run/resume.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { createRedactor } from '../../secrets.ts';
import type { Command } from '../command.ts';
import { ExitCode, verdictOf, withReporterFailures } from '../exit-codes.ts';
import { oneLine } from '../../printable.ts';
import { overridesOf } from '../config-option.ts';
import { keepHeapNearLive } from '../heap.ts';
import { livePorts } from '../run-ports.ts';
import { recordInHistory } from './history-record.ts';
import { reportersFor } from './reporters.ts';
import { scoreBeforeSending } from './score.ts';

export const runCommand: Command = {
  path: ['run'],
  summary: 'send every scenario through its routes to its seeds and record where each probe landed',
  usage: `Usage: landed run [SCENARIO.yaml...] [options]

Sends the probes of the scenarios (default: every file in the config's scenarios folder), waits for them in
the seed mailboxes, and writes reports/runs/<run-id>/results.json.

Options:
  --config FILE      landed.yaml to use (default: ./landed.yaml)
  --out DIR          write the run's files to DIR instead of reports/runs/<run-id>
  --reports DIR      keep runs and the history in DIR (default: the config's \`reports\`)
  --reporter NAME    console, json, junit, github, markdown, html (repeatable; default from the config)
  --shard I/N        run only shard I of N (deterministic by probe id); merge shards with 'landed merge'
  --run-id ID        the run's id (default: a new one); shards of one run share it
  --resume RUN_ID    finish an interrupted run without sending again what was already sent
  --force-send       send to seeds whose login failed too (by default their probes are not sent: error)
  --unsubscribe-check  for bulk scenarios, POST each arrived probe's one-click unsubscribe (RFC 8058, no
                     cookies) and record the HTTP status in results.json (\`unsubscribe\`)

Exit codes: 0 every expectation met, 1 an expectation failed, 2 usage or config error, 3 interrupted,
6 a server, login, reporter or the disk (journal, results.json) let the run down (see the README's table).`,
  options: {
    config: { type: 'string', default: 'landed.yaml' },
    out: { type: 'string' },
    reports: { type: 'string' },
    reporter: { type: 'string', multiple: true },
    shard: { type: 'string' },
    'run-id': { type: 'string' },
    resume: { type: 'string' },
    'force-send': { type: 'boolean' },
    'unsubscribe-check': { type: 'boolean' },
  },
  allowPositionals: true,
  handlesSignals: true,
  async run({ values, positionals }, io) {
    // The command line's own mistakes first: they need no config to be found.
    const shard = values.shard ? parseShard(values.shard as string) : undefined;
    const resumeId = values.resume === undefined ? undefined : checkRunId(values.resume as string, '--resume');
    const runId = resumeId ?? (values['run-id'] === undefined ? newRunId() : checkRunId(values['run-id'] as string, '--run-id'));
    const config = await loadConfig(values.config as string, { ...io, overrides: overridesOf(values) });
    const runDir = values.out ? resolve(io.cwd, values.out as string) : runDirOf(config.reportsDir, runId);
    checkWritableDir(config.reportsDir, values.reports ? '--reports' : 'reports (landed.yaml)');
    if (!resumeId) refuseUsedRunDir(runDir, runId, io.cwd);
    const reporter = reportersFor((values.reporter as string[] | undefined) ?? config.reporters, runDir, io);
    const scenarios = await loadScenarios(config, positionals, io);
    let start: RunStart;
    if (resumeId) {
      start = { resume: loadForResume(runDir, resumeId, (warning) => io.stderr.write(`warning: ${warning}\n`)) };
      checkResumable(start.resume, config);
    } else {
      const unfinished = await findUnfinishedRuns(config.reportsDir);
      if (unfinished.length > 0) io.stderr.write(`note: run ${unfinished[0]} did not finish; to complete it instead: landed run --resume ${unfinished[0]}\n`);
      start = { plan: buildPlan(config, scenarios, { runId, shard }) };
    }
    for (const warning of [...config.warnings, ...insecureWarnings(config)]) io.stderr.write(`warning: ${warning}\n`);

    const redact = createRedactor(config.secrets);
    // Content scoring starts first and runs beside the sending (rspamd's start-up costs a CPU-second, unless
    // every score is one kept from a run of the last week); results.json waits for it. Not again on resume.
    const content = resumeId ? undefined : scoreBeforeSending(config, scenarios, redact, io);
    const ports = await livePorts(config, runDir);
    const fileFailures: string[] = [];
    const onFileFailure = (message: string) => void fileFailures.push(message);
    keepHeapNearLive();
    const result = await executeRun(start, { config, scenarios, runDir, reporter, signal: io.signal, redact, ports, content, force: Boolean(values['force-send']), unsubscribeCheck: Boolean(values['unsubscribe-check']), onFileFailure });
    await reporter.onEnd?.(result, runDir);
    await recordInHistory(config.historyFile, result, io);
    io.stderr.write(writtenFiles(runDir, io.cwd));
    const code = withReporterFailures(verdictOf(result.status), reporter.failures, 'run', io.stderr);
    // The run's own files could not be written (a full disk): what was known is shown above; exit 6 says why.
    for (const message of fileFailures) io.stderr.write(`landed run: ${oneLine(message)}\n  free space in ${relative(io.cwd, runDir) || runDir} and run again\n`);
    return fileFailures.length && code !== ExitCode.interrupted ? ExitCode.environment : code;
  },
};

/** Where to look next: results.json and what the reporters wrote beside it. */
function writtenFiles(runDir: string, cwd: string): string {
  const files = ['results.json', 'report.html', 'junit.xml', 'summary.md'].map((f) => join(runDir, f)).filter((f) => existsSync(f));
  return files.map((f) => `wrote ${relative(cwd, f) || f}\n`).join('');
}

/** A run id names a folder and goes into reports: letters, digits, dot, dash, underscore; never a path. */
function checkRunId(id: string, option: string): string {
  if (!RUN_ID_PATTERN.test(id)) throw new LandedError('USAGE', `${option} ${id}: a run id has letters, digits, ".", "_" and "-" (e.g. the CI run number), never a path`);
  return id;
}

/** The reports folder must be a folder (or not exist yet): found out before anything is sent. */
function checkWritableDir(dir: string, shown: string): void {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (info && !info.isDirectory()) throw new LandedError('USAGE', `${dir} is not a folder`, { where: shown, hint: 'Give --reports a folder (it is created when missing).' });
}

/** A folder that already holds a run (its journal or results) is never written into by a new run. */
function refuseUsedRunDir(runDir: string, runId: string, cwd: string): void {
  if (!['journal.jsonl', 'results.json'].some((f) => existsSync(join(runDir, f)))) return;
  throw new LandedError('USAGE', `${relative(cwd, runDir) || runDir} already holds a run`, {
    hint: `Finish it with: landed run --resume ${runId}${runDir.endsWith(runId) ? '' : ' --out DIR'}; or give another --run-id or --out.`,
  });
}

function insecureWarnings(config: Awaited<ReturnType<typeof loadConfig>>): string[] {
  const warnings: string[] = [];
  for (const route of config.routes.values()) {
    if (route.smtp?.tls.insecure) warnings.push(`route ${route.id}: TLS certificate verification is OFF (smtp.tls.insecure); prefer smtp.tls.ca`);
  }
  for (const seed of config.seeds.values()) {
    if (seed.imap.tls.insecure) warnings.push(`seed ${seed.id}: TLS certificate verification is OFF (imap.tls.insecure); prefer imap.tls.ca`);
  }
  return warnings;
}

/** A resumed run needs every route and seed it planned with: a renamed one is said, not turned into `missing`. */
function checkResumable(entries: JournalEntry[], config: Awaited<ReturnType<typeof loadConfig>>): void {
  const problems = new Set<string>();
  for (const entry of entries) {
    if (entry.type !== 'planned') continue;
    if (!config.seeds.has(entry.probe.seed)) problems.add(`seed "${entry.probe.seed}" is no longer in landed.yaml`);
    if (!config.routes.has(entry.probe.route)) problems.add(`route "${entry.probe.route}" is no longer in landed.yaml`);
  }
  if (problems.size) {
    throw new LandedError('USAGE', 'this run cannot be resumed with the current landed.yaml', {
      problems: [...problems],
      hint: 'Give the route or seed its old id again to finish the run, or start a new run.',
    });
  }
}
