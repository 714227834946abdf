import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/results/types.ts';
import { drillFindings } from '../../src/run/drill-findings.ts';
import { judge } from '../../src/run/expectations.ts';

const arrived: Pick<ProbeResult, 'placement' | 'auth' | 'latencyMs' | 'duplicates'> = { placement: 'inbox', auth: { spf: 'pass', dkim: 'pass', dmarc: 'pass' } };
const copy = { folder: 'INBOX', placement: 'inbox' as const, receivedAt: '2026-11-29T12:00:01Z', detectedAt: '2026-11-29T12:00:02Z' };

describe('duplicates', () => {
  it('a probe that arrived twice fails by default, passes when the scenario allows copies, and says nothing when it arrived once', () => {
    expect(judge({ ...arrived, duplicates: [copy] }, { placement: 'inbox' })).toContainEqual({ check: 'duplicates', expected: '1 copy', actual: '2 copies', ok: false });
    expect(judge({ ...arrived, duplicates: [copy] }, { placement: 'inbox', duplicates: true })).toContainEqual({ check: 'duplicates', expected: 'any number of copies', actual: '2 copies', ok: true });
    expect(judge(arrived, { placement: 'inbox' }).map((o) => o.check)).toEqual(['placement']);
  });
});

describe('drill findings', () => {
  const probe = { placement: 'inbox' as const, seed: 'own-1', route: 'spoof', folder: 'INBOX' };

  it('forged mail in an inbox is critical, with what to change; refused or junked it is nothing', () => {
    const [finding] = drillFindings('spoof', probe, 'acme.test');
    expect(finding).toMatchObject({ severity: 'critical', key: 'drill:spoof-inbox', text: expect.stringContaining('forged as acme.test reached the inbox of own-1') });
    expect(finding!.fix!.join('\n')).toMatch(/p=reject[\s\S]*Reject Direct Send[\s\S]*spoof intelligence[\s\S]*Workspace/);
    expect(drillFindings('spoof', { ...probe, placement: 'spam' }, 'acme.test')).toEqual([]);
    expect(drillFindings('spoof', { ...probe, placement: 'rejected' }, 'acme.test')).toEqual([]);
    expect(drillFindings(undefined, probe, 'acme.test')).toEqual([]);
  });

  it('a look-alike in an inbox is a warning', () => {
    expect(drillFindings('lookalike', probe, 'acrne.test')).toEqual([expect.objectContaining({ severity: 'warning', key: 'drill:lookalike-inbox' })]);
  });
});
