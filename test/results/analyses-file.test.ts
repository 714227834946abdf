import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageAnalysis } from '../../src/analysis/types.ts';
import { AnalysesFile, attachAnalysis } from '../../src/results/analyses-file.ts';
import type { ProbeResult } from '../../src/results/types.ts';

const analysisOf = (reason: string) => ({ reasons: [reason], problems: [] }) as unknown as MessageAnalysis;
const probeOf = (id: string) => ({ id, placement: 'inbox', notes: [] }) as unknown as ProbeResult;

describe('analyses.jsonl', () => {
  it('keeps each analysis on disk, a line per probe, and the result reads it back when asked', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'landed-analyses-')), 'analyses.jsonl');
    const analyses = new AnalysesFile(file);
    // Written at once, out of order, with text that is not ASCII: offsets are bytes, not characters.
    const [a, b] = await Promise.all([
      analyses.put('s/r/é-1', JSON.stringify(analysisOf('DKIM: 签名 failed'))),
      analyses.put('s/r/2', JSON.stringify(analysisOf('SPF softfail'))),
    ]);
    await analyses.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 's/r/é-1', analysis: analysisOf('DKIM: 签名 failed') },
      { id: 's/r/2', analysis: analysisOf('SPF softfail') },
    ]);

    const [one, two] = [probeOf('s/r/é-1'), probeOf('s/r/2')];
    attachAnalysis(one, file, a);
    attachAnalysis(two, file, b);
    expect(one.analysis?.reasons).toEqual(['DKIM: 签名 failed']);
    expect(two.analysis).toEqual(analysisOf('SPF softfail'));
    // What results.json and the reporters see: a plain value.
    expect(JSON.parse(JSON.stringify(one)).analysis).toEqual(analysisOf('DKIM: 签名 failed'));
    expect({ ...two }.analysis).toEqual(analysisOf('SPF softfail'));
    // Replaced by assignment (merge, dns plan): held from then on.
    two.analysis = analysisOf('replaced');
    expect(two.analysis.reasons).toEqual(['replaced']);
    two.analysis = undefined;
    expect(two.analysis).toBeUndefined();
  });

  it('holds one analysis read back at a time: a loop over every probe of a large run keeps none of them', async () => {
    // A WeakRef per probe kept every analysis that one synchronous loop had read until the loop ended (a
    // reporter's pass over 10,000 probes: 40 MB more at the end of the run).
    const file = join(await mkdtemp(join(tmpdir(), 'landed-analyses-')), 'analyses.jsonl');
    const analyses = new AnalysesFile(file);
    const [a, b] = await Promise.all([analyses.put('1', JSON.stringify(analysisOf('one'))), analyses.put('2', JSON.stringify(analysisOf('two')))]);
    await analyses.close();
    const [one, two] = [probeOf('1'), probeOf('2')];
    attachAnalysis(one, file, a);
    attachAnalysis(two, file, b);
    const first = one.analysis;
    expect(one.analysis).toBe(first); // read again at once (analysis.receiver, then analysis.path): not read twice
    expect(two.analysis?.reasons).toEqual(['two']);
    const again = one.analysis;
    expect(again).toEqual(first);
    expect(again).not.toBe(first); // read anew: nothing kept it while the other probe's was read
  });

  it('says so when the file is shorter than the analysis it should hold', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'landed-analyses-')), 'analyses.jsonl');
    const analyses = new AnalysesFile(file);
    const at = await analyses.put('p', JSON.stringify(analysisOf('x')));
    await analyses.close();
    const probe = probeOf('p');
    attachAnalysis(probe, file, { ...at, offset: at.offset + 1000 });
    expect(() => probe.analysis).toThrow(/ends before the analysis/);
  });
});
