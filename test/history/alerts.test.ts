import { describe, expect, it } from 'vitest';
import { detectAlerts } from '../../src/history/alerts.ts';
import { openHistory } from '../../src/history/index.ts';
import type { Placement, RunResult } from '../../src/results/types.ts';
import { makeRun } from '../reporters/fixtures.ts';

const DAY = 86_400_000;
const start = Date.parse('2026-10-01T06:00:00.000Z');

/** Four probes route m365 -> gmail: `inbox` of them in the inbox, the rest in spam, with one DKIM verdict. */
function run(n: number, inbox: number, dkim: 'pass' | 'fail'): RunResult {
  const seeds = [0, 1, 2, 3].map((i) => ({ id: `gmail-${i}`, provider: 'gmail' }));
  const result = makeRun({ runId: `run-${n}`, routes: ['m365'], seeds, startedAt: new Date(start + n * DAY).toISOString() });
  result.probes = result.probes.map((p, i) => ({ ...p, placement: (i < inbox ? 'inbox' : 'spam') as Placement, auth: { spf: 'pass', dkim, dmarc: dkim } }));
  return result;
}

describe('alerts', () => {
  it('alerts when a cell drops below its expected inbox rate, once, and when DKIM flips', () => {
    const history = openHistory(':memory:');
    history.importRun(run(0, 4, 'pass'));
    const drop = run(1, 2, 'fail');
    history.importRun(drop); // already in the history: the comparison is with the runs before it
    expect(detectAlerts(history.db, drop).map((a) => a.text)).toEqual([
      'm365 → gmail: inbox 50% (expected 90%, was 100%)',
      'm365 → gmail: DKIM pass → fail',
      'm365 → gmail: DMARC pass → fail',
    ]);
    const stillLow = run(2, 2, 'fail');
    history.importRun(stillLow);
    expect(detectAlerts(history.db, stillLow)).toEqual([]);
    const recovered = run(3, 4, 'pass');
    expect(detectAlerts(history.db, recovered).map((a) => `${a.kind} ${a.check} ${a.from}->${a.to}`)).toEqual([
      'auth-flip dkim fail->pass',
      'auth-flip dmarc fail->pass',
    ]);
  });

  it('uses per-cell expectations and alerts a first run that is already below', () => {
    const history = openHistory(':memory:');
    const first = run(0, 3, 'pass');
    expect(detectAlerts(history.db, first, { expectedInbox: { 'm365/gmail': 0.5 } })).toEqual([]);
    expect(detectAlerts(history.db, first, { expectedInbox: { '*': 0.8 } }).map((a) => a.text)).toEqual(['m365 → gmail: inbox 75% (expected 80%)']);
  });

  it('does not count undelivered probes as failed auth', () => {
    const history = openHistory(':memory:');
    history.importRun(run(0, 4, 'pass'));
    const missing = run(1, 4, 'pass');
    missing.probes = missing.probes.map((p) => ({ ...p, placement: 'missing', auth: { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' } }));
    expect(detectAlerts(history.db, missing).map((a) => a.kind)).toEqual(['inbox-below-expected']);
  });

  it('a forged mail in an inbox (spoof drill) is a critical alert on every run, first, even when the cell looks healthy', () => {
    const history = openHistory(':memory:');
    const drill = run(1, 4, 'pass');
    drill.probes[0] = { ...drill.probes[0]!, findings: [{ severity: 'critical', key: 'drill:spoof-inbox', text: 'a mail forged as acme.test reached the inbox of gmail-0' }] };
    const alerts = detectAlerts(history.db, drill);
    expect(alerts[0]).toMatchObject({ kind: 'spoof-delivered', severity: 'critical', text: 'CRITICAL m365 → gmail-0: a mail forged as acme.test reached the inbox of gmail-0' });
    expect(alerts).toHaveLength(1);
  });
});
