/**
 * JUnit XML in the shape Jenkins, GitLab and GitHub test-report actions read: <testsuites> with one
 * <testsuite> per scenario x route and one <testcase> per probe expectation. A broken expectation is a
 * <failure> (message: expected vs actual; body: the analysis reasons), a probe landed could not judge is an
 * <error>, an interrupted one is <skipped>. test/reporters/junit.xsd is the schema the tests validate against.
 */
import type { ExpectationOutcome, ProbeResult, RunResult } from '../../results/types.ts';
import { byId } from '../summary.ts';
import { openTag, xmlText } from './xml.ts';

const MAX_BODY = 4000;

interface Case {
  name: string;
  classname: string;
  time: number;
  outcome?: { kind: 'failure' | 'error' | 'skipped'; message: string; type?: string; body?: string };
}

export function renderJunit(run: RunResult): string {
  const byScenarioRoute = Map.groupBy([...run.probes].sort(byId), (probe) => `${probe.scenario}/${probe.route}`);
  const suites = new Map([...byScenarioRoute].map(([key, probes]) => [key, probes.flatMap(casesOf)]));
  const all = [...suites.values()].flat();
  const count = (cases: Case[], kind: string) => cases.filter((c) => c.outcome?.kind === kind).length;
  const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
  const runMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    openTag('testsuites', {
      name: `landed ${run.runId}`,
      tests: all.length,
      failures: count(all, 'failure'),
      errors: count(all, 'error'),
      skipped: count(all, 'skipped'),
      time: seconds(Number.isFinite(runMs) ? runMs : 0),
      timestamp: isoSeconds(run.startedAt),
    }),
  );
  for (const [name, cases] of [...suites.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(
      `  ${openTag('testsuite', {
        name,
        tests: cases.length,
        failures: count(cases, 'failure'),
        errors: count(cases, 'error'),
        skipped: count(cases, 'skipped'),
        time: seconds(cases.reduce((sum, c) => sum + c.time, 0)),
        timestamp: isoSeconds(run.startedAt),
      })}`,
    );
    for (const c of cases) lines.push(...caseLines(c, seconds));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function caseLines(c: Case, seconds: (ms: number) => string): string[] {
  const attrs = { name: c.name, classname: c.classname, time: seconds(c.time) };
  if (!c.outcome) return [`    ${openTag('testcase', attrs, true)}`];
  const { kind, message, type, body } = c.outcome;
  const inner =
    kind === 'skipped'
      ? openTag('skipped', { message }, true)
      : `${openTag(kind, { message, type })}${xmlText(body ?? '')}</${kind}>`;
  return [`    ${openTag('testcase', attrs)}`, `      ${inner}`, '    </testcase>'];
}

function casesOf(probe: ProbeResult): Case[] {
  const classname = `landed.${probe.scenario}.${probe.route}`;
  const expectations: ExpectationOutcome[] = probe.expectations.length
    ? probe.expectations
    : [{ check: 'delivered', expected: 'a verdict', actual: probe.placement, ok: true }];
  return expectations.map((e) => ({
    name: `${probe.seed}: ${e.check}`,
    classname,
    time: e.check === 'placement' || e.check === 'delivered' ? (probe.latencyMs ?? 0) : 0,
    outcome: outcomeOf(probe, e),
  }));
}

function outcomeOf(probe: ProbeResult, e: ExpectationOutcome): Case['outcome'] {
  if (probe.placement === 'interrupted') return { kind: 'skipped', message: 'the run was interrupted before this probe settled' };
  if (probe.placement === 'error') return { kind: 'error', message: probe.error ?? 'landed could not judge this probe', type: 'error', body: details(probe) };
  if (e.ok) return undefined;
  return { kind: 'failure', message: `${e.check}: expected ${e.expected}, got ${e.actual}`, type: e.check, body: details(probe) };
}

/** Why it went wrong, in the order a reader needs it. Capped: reasons quote hostile mail. */
function details(probe: ProbeResult): string {
  const lines = [
    `probe ${probe.id} (${probe.provider}), placement ${probe.placement}${probe.folder ? ` in ${probe.folder}` : ''}`,
    ...(probe.analysis?.reasons ?? []),
    ...(probe.error ? [probe.error] : []),
    ...(probe.bounce ? [`bounce: ${probe.bounce.diagnostic}`] : []),
    ...(probe.smtp.code && probe.smtp.code >= 400 ? [`smtp: ${probe.smtp.response ?? probe.smtp.code}`] : []),
  ];
  const text = lines.join('\n');
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text;
}

/** JUnit's timestamp is xs:dateTime without a zone in the classic schema; most parsers accept both. */
function isoSeconds(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 19) : '1970-01-01T00:00:00';
}
