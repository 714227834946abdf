import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ResolvedConfig } from '../config/types.ts';
import { cachingResolver, createResolver } from '../dns/resolver.ts';
import type { RunPlan } from '../plan/plan.ts';
import type { Reporter } from '../reporters/types.ts';
import { RESULTS_SCHEMA_VERSION, type RunResult } from '../results/types.ts';
import { writeRunFile } from '../results/write.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { ScenarioContent } from '../content/types.ts';
import { startCollection } from './collect.ts';
import { Wakeup } from '../async/wakeup.ts';
import { Analyser } from './analyser.ts';
import { toProbeResult } from './probe-result.ts';
import { Journal, type JournalEntry } from './journal.ts';
import { sendAll } from './send.ts';
import { apply, pending, type RunStates } from './state.ts';

export interface RunOptions {
  config: ResolvedConfig;
  scenarios: Scenario[];
  runDir: string;
  reporter: Reporter;
  /** Aborted by SIGINT/SIGTERM: outstanding probes end as `interrupted`. */
  signal: AbortSignal;
  redact(text: string): string;
  /** The scenarios' content scores, taken before sending (run/content.ts): kept in results.json and judged. */
  content?: ScenarioContent[];
}

/** Where the run starts from: a fresh plan, or the journal of a run to finish. */
export type RunStart = { plan: RunPlan } | { resume: JournalEntry[] };

/**
 * One run: send every planned probe, collect it from its seed (or its bounce), analyse what arrived, judge
 * the expectations, write results.json. Each change of a probe's state is journaled before the run goes on.
 */
export async function executeRun(start: RunStart, options: RunOptions): Promise<RunResult> {
  const { config, runDir, reporter, signal } = options;
  await mkdir(runDir, { recursive: true });
  const states: RunStates = new Map();
  const scenarios = new Map(options.scenarios.map((s) => [s.name, s]));
  // One DNS cache per run: thousands of messages from a few domains ask the same names (failures are not kept).
  const resolver = cachingResolver(createResolver({ servers: config.dnsServers }));
  const analyser = new Analyser({ config, scenarios, runDir, resolver });
  const outcomes = new Wakeup();
  const journal = new Journal(join(runDir, 'journal.jsonl'));
  let journalBroken = false;
  /** Applies the change at once; the promise says when it is on disk (it never rejects: a full disk is reported). */
  const record = (entry: JournalEntry): Promise<void> => {
    const durable = journal.record(entry).catch((error: unknown) => {
      if (!journalBroken) reporter.onInfo?.(`the journal cannot be written (${(error as Error).message}): the run goes on, but could not be resumed`);
      journalBroken = true;
    });
    apply(states, entry);
    notify(entry);
    return durable;
  };
  const notify = (entry: JournalEntry) => {
    if (entry.type === 'found') analyser.submit(states.get(entry.id)!);
    if (entry.type === 'final') outcomes.notify();
    if (!('id' in entry) || entry.type === 'found' || entry.type === 'bounced') return;
    const state = states.get(entry.id)!;
    const stage = entry.type === 'sent' ? 'sent' : entry.placement === 'inbox' || entry.placement === 'spam' ? 'found' : entry.placement;
    reporter.onProbe?.(toProbeResult(state), stage);
  };

  const begin = 'plan' in start ? beginEntry(start.plan, options) : start.resume.find((e) => e.type === 'begin')!;
  let written: Promise<unknown>;
  if ('plan' in start) {
    void record(begin);
    written = Promise.all(start.plan.probes.map((probe) => record({ type: 'planned', probe })));
  } else {
    for (const entry of start.resume) apply(states, entry);
    written = record({ type: 'resumed', at: new Date().toISOString() });
  }
  // Nothing is sent before the plan is on disk: from here on, a crash can always be resumed.
  await written;
  const { runId, startedAt, shard } = begin as Extract<JournalEntry, { type: 'begin' }>;
  await reporter.onBegin?.({ runId, runDir, shard, probes: [...states.values()].map(({ probe }) => ({ ...probe })) });

  const info = (message: string) => reporter.onInfo?.(message);
  const watching = new AbortController();
  const stopWatching = () => watching.abort();
  signal.addEventListener('abort', stopWatching, { once: true });
  const collection = startCollection({ config, states, runDir, since: new Date(startedAt), signal: watching.signal, record, redact: options.redact, info });
  try {
    const { toSend, waiting } = pending(states);
    // On resume, what was sent before gets at least one more look at its mailbox before it is called missing.
    for (const state of waiting) state.deadline = Math.max(state.deadline ?? 0, Date.now() + 30_000);
    await sendAll(toSend, { config, scenarios, signal, record, redact: options.redact });
    await waitForOutcomes(states, config, signal, record, outcomes);
  } finally {
    signal.removeEventListener('abort', stopWatching);
    await collection.stop();
  }
  for (const state of states.values()) {
    if (!state.final) void record({ type: 'final', id: state.probe.id, placement: 'interrupted', error: 'the run was stopped before this probe had an outcome' });
  }
  await journal.close();

  const probes = [...states.values()].map(toProbeResult);
  await analyser.complete(probes, states);
  const result: RunResult = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    status: signal.aborted ? 'interrupted' : probes.every((p) => p.expectations.every((e) => e.ok)) && (options.content ?? []).every((c) => c.expectation?.ok !== false) ? 'passed' : 'failed',
    shard,
    config: { file: relative(config.dir, config.file), scenarios: options.scenarios.map((s) => s.name), routes: [...config.routes.keys()], seeds: [...config.seeds.keys()] },
    probes,
    ...(options.content ? { content: options.content } : {}),
  };
  await writeRunFile(join(runDir, 'results.json'), result);
  return result;
}

function beginEntry(plan: RunPlan, options: RunOptions): JournalEntry {
  return {
    type: 'begin',
    runId: plan.runId,
    startedAt: new Date().toISOString(),
    config: options.config.file,
    scenarios: options.scenarios.map((s) => s.name),
    shard: plan.shard,
  };
}

/** Until every probe has an outcome: a probe past its deadline is `missing`; Ctrl-C ends the wait. */
async function waitForOutcomes(states: RunStates, config: ResolvedConfig, signal: AbortSignal, record: (e: JournalEntry) => Promise<void>, outcomes: Wakeup) {
  while (!signal.aborted) {
    const { waiting } = pending(states);
    if (waiting.length === 0) return;
    const now = Date.now();
    let next = Infinity;
    for (const state of waiting) {
      if (state.deadline === undefined) continue;
      if (now < state.deadline) {
        next = Math.min(next, state.deadline);
        continue;
      }
      const bounces = config.routes.get(state.probe.route)?.bounces;
      const error = bounces
        ? 'not found in the seed mailbox, and no bounce came back, before the timeout'
        : `not found before the timeout; route ${state.probe.route} has no bounce mailbox configured, so it may have bounced`;
      void record({ type: 'final', id: state.probe.id, placement: 'missing', error });
    }
    // Wakes for the next outcome or the next deadline, whichever comes first.
    await outcomes.wait(Math.min(next - now, 1000), signal);
  }
}
