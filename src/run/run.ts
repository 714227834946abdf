import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ResolvedConfig } from '../config/types.ts';
import type { RunPlan } from '../plan/plan.ts';
import type { Reporter } from '../reporters/types.ts';
import { RESULTS_SCHEMA_VERSION, type ProbeResult, type RunResult } from '../results/types.ts';
import { writeRunFile } from '../results/write.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { ScenarioContent } from '../content/types.ts';
import { checkUnsubscribes } from './unsubscribe.ts';
import { startCollection } from './collect.ts';
import { linkedAbort } from '../async/linked-abort.ts';
import { Wakeup } from '../async/wakeup.ts';
import { Analyser } from './analyser.ts';
import { judge } from './expectations.ts';
import { toProbeResult } from './probe-result.ts';
import type { JournalEntry } from './journal.ts';
import type { Clock, RunPorts } from './ports.ts';
import { sendAll } from './send.ts';
import { apply, pending, type ProbeState, type RunStates } from './state.ts';
import { drillFindings } from './drill-findings.ts';
import { domainOf } from '../address.ts';
import type { Probe } from '../plan/probe.ts';

export interface RunOptions {
  config: ResolvedConfig;
  scenarios: Scenario[];
  /** Where results.json and the found messages go (the journal is a port: it is opened by the caller). */
  runDir: string;
  reporter: Reporter;
  /** Aborted by SIGINT/SIGTERM: outstanding probes end as `interrupted`. */
  signal: AbortSignal;
  redact(text: string): string;
  /** What the run talks to: routes, mailbox watcher, resolver, clock, journal. */
  ports: RunPorts;
  /** The scenarios' content scores (run/content.ts), started before sending: kept in results.json and judged. */
  content?: Promise<ScenarioContent[]>;
  /** POST the one-click unsubscribe of bulk probes that arrived (`--unsubscribe-check`). */
  unsubscribeCheck?: boolean;
  /** Send to seeds whose login failed too (`landed run --force`); by default their probes are not sent. */
  force?: boolean;
  /** A failure of the run's own files (the journal, results.json: a full disk) it could not get past; the CLI exits 6. */
  onFileFailure?(message: string): void;
}

/** Where the run starts from: a fresh plan, or the journal of a run to finish. */
export type RunStart = { plan: RunPlan } | { resume: JournalEntry[] };

/** After a resume, what was sent before gets at least this long a look at its mailbox before it is missing. */
const RESUME_GRACE_MS = 30_000;

/**
 * One run: send every planned probe, collect it from its seed (or its bounce), analyse what arrived, judge
 * the expectations, write results.json. Each change of a probe's state is journaled before the run goes on.
 */
export async function executeRun(start: RunStart, options: RunOptions): Promise<RunResult> {
  const { config, runDir, reporter, signal, ports } = options;
  const { clock, journal } = ports;
  await mkdir(runDir, { recursive: true });
  const states: RunStates = new Map();
  const scenarios = new Map(options.scenarios.map((s) => [s.name, s]));
  const analyser = new Analyser({ config, scenarios, runDir, resolver: ports.resolver });
  /** Told when the last open probe gets its outcome; deadlines are looked at on a timer, not on each outcome. */
  const outcomes = new Wakeup();
  let open = 0;
  const iso = () => new Date(clock.now()).toISOString();
  // A journal that cannot be written (a full disk) stops the run: nothing is sent that could not be
  // accounted for after a crash, and what is known so far is still reported.
  const journalFailed = new AbortController();
  const stopped = AbortSignal.any([signal, journalFailed.signal]);
  /** Applies the change at once; the promise says when it is on disk (it never rejects: a failure stops the run). */
  const record = (entry: JournalEntry): Promise<void> => {
    const durable = journal.record(entry).catch((error: unknown) => {
      if (journalFailed.signal.aborted) return;
      const message = `the journal cannot be written (${options.redact((error as Error).message)}): nothing more was sent, and the run stopped`;
      reporter.onInfo?.(message);
      options.onFileFailure?.(message);
      journalFailed.abort();
    });
    const settles = entry.type === 'final' && !states.get(entry.id)?.final;
    apply(states, entry, clock.now());
    if (settles && --open === 0) outcomes.notify();
    notify(entry);
    return durable;
  };
  const notify = (entry: JournalEntry) => {
    if (!('id' in entry) || entry.type === 'found' || entry.type === 'bounced' || entry.type === 'copy') return;
    const state = states.get(entry.id)!;
    reporter.onProbe?.(toProbeResult(state), entry.type === 'sent' ? 'sent' : stageOf(entry.placement, Boolean(state.bounce)));
  };

  const begin = 'plan' in start ? beginEntry(start.plan, options, iso()) : start.resume.find((e) => e.type === 'begin')!;
  let written: Promise<unknown>;
  if ('plan' in start) {
    void record(begin);
    written = Promise.all(start.plan.probes.map((probe) => record({ type: 'planned', probe })));
  } else {
    for (const entry of start.resume) apply(states, entry, clock.now());
    written = record({ type: 'resumed', at: iso() });
  }
  // Nothing is sent before the plan is on disk: from here on, a crash can always be resumed.
  await written;
  open = [...states.values()].filter((state) => !state.final).length;
  const { runId, startedAt, shard } = begin as Extract<JournalEntry, { type: 'begin' }>;
  await reporter.onBegin?.({ runId, runDir, shard, probes: [...states.values()].map(({ probe }) => ({ ...probe })) });

  const info = (message: string) => reporter.onInfo?.(message);
  const watching = new AbortController();
  const stopWatching = () => watching.abort();
  stopped.addEventListener('abort', stopWatching, { once: true });
  const collection = startCollection({
    config,
    states,
    runDir,
    watcher: ports.watcher,
    since: new Date(startedAt),
    signal: watching.signal,
    record,
    analyse: (id, unsaved) => analyser.found(states.get(id)!, unsaved),
    parseBounce: (raw) => analyser.parseBounce(raw),
    redact: options.redact,
    info,
  });
  try {
    const { toSend, waiting } = pending(states);
    for (const state of waiting) state.deadline = Math.max(state.deadline ?? 0, clock.now() + RESUME_GRACE_MS);
    if (!stopped.aborted) await sendAll(toSend, { config, scenarios, routes: ports.routes, clock, signal: stopped, record, redact: options.redact, seedReady: collection.seedReady, force: options.force });
    analyser.warm();
    await waitForOutcomes(states, config, { signal: stopped, record, outcomes, clock });
  } finally {
    stopped.removeEventListener('abort', stopWatching);
    await collection.stop();
  }
  for (const state of states.values()) {
    if (state.final) continue;
    if (!signal.aborted && journalFailed.signal.aborted) {
      const error = `${state.sent ? 'sent, but not looked for' : 'not sent'}: the run stopped because its journal could not be written`;
      void record({ type: 'final', id: state.probe.id, placement: 'error', error });
    } else void record({ type: 'final', id: state.probe.id, placement: 'interrupted', error: 'the run was stopped before this probe had an outcome' });
  }
  await journal.close();

  const probes = [...states.values()].map(toProbeResult);
  await analyser.complete(probes, states);
  if (options.unsubscribeCheck) await checkUnsubscribes(probes, scenarios, runDir);
  const content = await options.content;
  // Judged once, on the final result: placement, the receiver's verdicts from the analysis, latency.
  for (const probe of probes) {
    const planned = states.get(probe.id)!.probe;
    probe.expectations = judge(probe, planned.expect);
    const findings = drillFindings(planned.drill, probe, fromDomainOf(config, scenarios, planned));
    if (findings.length) probe.findings = findings;
  }
  const result: RunResult = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId,
    startedAt,
    finishedAt: iso(),
    status: signal.aborted ? 'interrupted' : probes.every(probePassed) && (content ?? []).every((c) => c.expectation?.ok !== false) ? 'passed' : 'failed',
    shard,
    config: { file: relative(config.dir, config.file), scenarios: options.scenarios.map((s) => s.name), routes: [...config.routes.keys()], seeds: [...config.seeds.keys()] },
    probes,
    ...(content ? { content } : {}),
  };
  try {
    await writeRunFile(join(runDir, 'results.json'), result);
  } catch (error) {
    // The reporters still show the run; the CLI says the file is missing and exits 6.
    options.onFileFailure?.(`results.json could not be written (${options.redact((error as Error).message)})`);
  }
  return result;
}

/**
 * Why a probe is missing. An application route's probe was accepted by the application, which then never
 * delivered it: its own queue is where to look, not a relay's silence or a bounce.
 */
function missingReason(state: ProbeState, config: ResolvedConfig): string {
  const { sent, probe } = state;
  if (sent?.status === 'accepted' && sent.stages?.length) {
    const last = sent.stages.at(-1)!;
    const said = last.stage === 'accepted' ? '' : ` (it last reported "${last.stage}" at ${last.at})`;
    return `accepted by the application at ${sent.stages[0]!.at}, never delivered: look at its mail queue${said}`;
  }
  return config.routes.get(probe.route)?.bounces
    ? 'not found in the seed mailbox, and no bounce came back, before the timeout'
    : `not found before the timeout; route ${probe.route} has no bounce mailbox configured, so it may have bounced`;
}

/** When the last open duplicate window closes: found time + the probe's window, over every arrived probe. */
function duplicateWindowEnd(states: RunStates): number {
  let end = 0;
  for (const { found, probe } of states.values()) {
    if (found && probe.duplicateWindowMs) end = Math.max(end, Date.parse(found.detectedAt) + probe.duplicateWindowMs);
  }
  return end;
}

/** The domain the probe's From claims (the scenario's From, else the route's), for the drill findings. */
function fromDomainOf(config: ResolvedConfig, scenarios: Map<string, Scenario>, probe: Probe): string {
  const from = scenarios.get(probe.scenario)?.message.from ?? config.routes.get(probe.route)?.from ?? '';
  return domainOf(from) ?? from;
}

/** The reporter stage of a probe's final placement; a rejection that came back as a bounce says so. */
function stageOf(placement: Extract<JournalEntry, { type: 'final' }>['placement'], bounced: boolean) {
  if (placement === 'inbox' || placement === 'spam') return 'found' as const;
  if (placement === 'rejected' && bounced) return 'bounced' as const;
  return placement;
}

function beginEntry(plan: RunPlan, options: RunOptions, startedAt: string): JournalEntry {
  return { type: 'begin', runId: plan.runId, startedAt, config: options.config.file, scenarios: options.scenarios.map((s) => s.name), shard: plan.shard };
}

interface WaitContext {
  signal: AbortSignal;
  record(entry: JournalEntry): Promise<void>;
  outcomes: Wakeup;
  clock: Clock;
}

/** Until every probe has an outcome: a probe past its deadline is `missing`; Ctrl-C ends the wait. */
async function waitForOutcomes(states: RunStates, config: ResolvedConfig, { signal, record, outcomes, clock }: WaitContext) {
  while (!signal.aborted) {
    const { waiting } = pending(states);
    const now = clock.now();
    // Every outcome known: still watch for second copies, as long as a probe's duplicate window is open.
    const copiesUntil = waiting.length === 0 ? duplicateWindowEnd(states) : 0;
    if (waiting.length === 0 && now >= copiesUntil) return;
    let next = waiting.length === 0 ? copiesUntil : Infinity;
    for (const state of waiting) {
      if (state.deadline === undefined) continue;
      if (now < state.deadline) {
        next = Math.min(next, state.deadline);
        continue;
      }
      void record({ type: 'final', id: state.probe.id, placement: 'missing', error: missingReason(state, config) });
    }
    // Wakes when the last outcome comes, or for the next deadline (at least each second, for probes sent meanwhile).
    const woken = linkedAbort(signal);
    await Promise.race([outcomes.wait(2 ** 31 - 1, woken.signal), clock.sleep(Math.min(next - now, 1000), woken.signal)]);
    woken.abort();
  }
}

/** Every expectation met; and a probe that ended in `error` fails unless a placement expectation allows it. */
function probePassed(probe: ProbeResult): boolean {
  if (!probe.expectations.every((e) => e.ok)) return false;
  return probe.placement !== 'error' || probe.expectations.some((e) => e.check === 'placement');
}
