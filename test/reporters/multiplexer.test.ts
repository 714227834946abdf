import { describe, expect, it } from 'vitest';
import { createReporters } from '../../src/reporters/index.ts';
import { multiplex } from '../../src/reporters/multiplexer.ts';
import type { Reporter } from '../../src/reporters/types.ts';
import { captureOptions } from './capture.ts';
import { makeRun } from './fixtures.ts';

describe('multiplexer', () => {
  it('reports a reporter that throws to the others and goes on with the rest', async () => {
    const seen: string[] = [];
    const broken: Reporter = {
      name: 'broken',
      onProbe() {
        throw new Error('disk full');
      },
      async onEnd() {
        throw new Error('cannot write report.html');
      },
    };
    const listening: Reporter = { name: 'listening', onInfo: (m) => seen.push(`info: ${m}`), onEnd: (run) => void seen.push(`end ${run.runId}`) };
    const mux = multiplex([broken, listening]);
    const run = makeRun();
    mux.onProbe!(run.probes[0], 'sent');
    await mux.onEnd!(run, '/tmp/x');
    expect(seen).toEqual([
      'info: reporter broken failed in onProbe: disk full',
      'info: reporter broken failed in onEnd: cannot write report.html',
      `end ${run.runId}`,
    ]);
    expect(mux.failures.map((f) => `${f.reporter}/${f.phase}`)).toEqual(['broken/onProbe', 'broken/onEnd']);
  });

  it('records the rejection of an async onProbe instead of leaving it unhandled', async () => {
    const mux = multiplex([{ name: 'async', onProbe: (async () => { throw new Error('late'); }) as unknown as Reporter['onProbe'] }]);
    mux.onProbe!(makeRun().probes[0], 'found');
    await new Promise((r) => setImmediate(r));
    expect(mux.failures).toEqual([{ reporter: 'async', phase: 'onProbe', message: 'late' }]);
  });
});

describe('createReporters', () => {
  it('takes repeated and comma-separated names, once each', () => {
    const mux = createReporters(['console', 'junit,markdown', 'console'], captureOptions('/tmp/x').options);
    expect(mux.name).toBe('console+junit+markdown');
  });

  it('refuses an unknown name and lists the known ones', () => {
    expect(() => createReporters(['consol'], captureOptions('/tmp/x').options)).toThrow(/unknown reporter 'consol'/);
    try {
      createReporters(['consol'], captureOptions('/tmp/x').options);
    } catch (error) {
      expect((error as { hint: string }).hint).toBe('Known reporters: console, json, junit, github, markdown, html.');
    }
  });
});
