import { formatDuration, parseDuration } from '../config/duration.ts';
import type { Expectation } from '../scenarios/types.ts';
import type { ExpectationOutcome, ProbeResult } from '../results/types.ts';

type Judged = Pick<ProbeResult, 'placement' | 'auth' | 'latencyMs' | 'duplicates'>;

/** Checks one probe against its expectations; each expectation gives one outcome, met or not. */
export function judge(probe: Judged, expect: Expectation): ExpectationOutcome[] {
  const outcomes: ExpectationOutcome[] = [];
  const check = (name: string, wanted: string | string[] | undefined, actual: string) => {
    if (wanted === undefined) return;
    const list = Array.isArray(wanted) ? wanted : [wanted];
    outcomes.push({ check: name, expected: list.join('|'), actual, ok: list.includes(actual) });
  };
  check('placement', expect.placement, probe.placement);
  // Authentication is only judged on messages that arrived: a rejected probe has no receiver verdict.
  const arrived = probe.placement === 'inbox' || probe.placement === 'spam';
  if (arrived) {
    check('spf', expect.spf, probe.auth.spf);
    check('dkim', expect.dkim, probe.auth.dkim);
    check('dmarc', expect.dmarc, probe.auth.dmarc);
  }
  // A probe that arrived more than once: the application (or a retry) sent it twice. Judged only then.
  const copies = 1 + (probe.duplicates?.length ?? 0);
  if (arrived && copies > 1) outcomes.push({ check: 'duplicates', expected: expect.duplicates ? 'any number of copies' : '1 copy', actual: `${copies} copies`, ok: expect.duplicates === true });
  if (expect.maxLatency !== undefined && arrived) {
    const limit = parseDuration(expect.maxLatency);
    const actual = probe.latencyMs;
    outcomes.push({
      check: 'maxLatency',
      expected: `<= ${formatDuration(limit)}`,
      actual: actual === undefined ? 'unknown' : formatDuration(actual),
      ok: actual !== undefined && actual <= limit,
    });
  }
  return outcomes;
}
