import { describe, expect, it } from 'vitest';
import { summarizeRoute } from '../../src/reporters/route-summary.ts';
import { createConsoleReporter } from '../../src/reporters/console/index.ts';
import type { ProbeResult } from '../../src/results/types.ts';
import { captureOptions } from './capture.ts';
import { makeAnalysis, makeRun } from './fixtures.ts';

const begin = (run: ReturnType<typeof makeRun>) => ({ runId: run.runId, runDir: '/tmp/x', probes: run.probes });

describe('console reporter', () => {
  const run = makeRun({
    override: {
      'newsletter/m365/gmail-1': {
        placement: 'spam',
        auth: { spf: 'pass', dkim: 'fail', dmarc: 'fail' },
        analysis: {
          ...makeAnalysis({ spf: 'pass', dkim: 'fail', dmarc: 'fail' }, ['DKIM body hash failed']),
          disagreements: [{ check: 'dkim', receiver: 'fail', ours: 'pass', explanation: 'a gateway rewrote the body \u001b[2Jclear' }],
        },
        expectations: [{ check: 'placement', expected: 'inbox', actual: 'spam', ok: false }],
      },
      'newsletter/ses/gmail-1': { placement: 'interrupted', auth: { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' }, analysis: undefined },
    },
  });

  it('prints a routes x seeds table with placement and auth, reasons per route and broken expectations', async () => {
    const { options, stdout } = captureOptions('/tmp/x');
    await createConsoleReporter(options).onEnd!(run, '/tmp/x');
    const lines = stdout.text.split('\n');
    expect(lines[0]).toBe(`landed run ${run.runId}: ${run.status}`);
    const header = lines.find((l) => l.startsWith('route'))!;
    expect(header.split(/\s+/)).toEqual(['route', 'gmail-1', 'gmx-1', 'outlook-1', 'yahoo-1']);
    const m365 = lines.find((l) => l.startsWith('m365'))!;
    expect(m365).toMatch(/^m365\s+spam ✓✗✗/);
    expect(lines.find((l) => l.startsWith('ses'))).toMatch(/^ses\s+interrupted\s/);
    expect(stdout.text).toContain('newsletter/m365/gmail-1: dkim receiver=fail ours=pass (a gateway rewrote the body \uFFFD[2Jclear)');
    // One line per route from analysis's route summary, in route order.
    const summaries = ['m365', 'postfix', 'ses'].map((route) => summarizeRoute(run.probes.filter((p) => p.route === route).sort((a, b) => a.id.localeCompare(b.id))));
    expect(lines.filter((l) => /^route [^ ]+: /.test(l))).toEqual(summaries.map((s) => s.replace(/\u001b/g, '\uFFFD')));
    expect(summaries[0]).toMatch(/^route m365: .*DKIM fails/);
    expect(stdout.text).toContain('newsletter/m365/gmail-1: placement expected inbox, got spam');
    // The escape sequence from the message is neutralised.
    expect(stdout.text).not.toContain('\u001b');
  });

  it('colours only on a terminal and not with NO_COLOR', async () => {
    for (const [isTTY, env, coloured] of [[true, {}, true], [true, { NO_COLOR: '1' }, false], [false, {}, false]] as const) {
      const { options, stdout } = captureOptions('/tmp/x', { isTTY, env });
      await createConsoleReporter(options).onEnd!(run, '/tmp/x');
      expect(stdout.text.includes('\u001b['), `isTTY=${isTTY} env=${JSON.stringify(env)}`).toBe(coloured);
    }
  });

  it('off a terminal, prints progress at most every few seconds, and the final count', () => {
    let now = 0;
    const { options, stderr } = captureOptions('/tmp/x', { now: () => now });
    const reporter = createConsoleReporter(options);
    reporter.onBegin!(begin(run));
    const probes = run.probes as ProbeResult[];
    for (const p of probes) reporter.onProbe!(p, 'sent');
    now = 1000;
    reporter.onProbe!(probes[0], 'found');
    now = 6000;
    reporter.onProbe!(probes[1], 'found');
    reporter.onInfo!('waiting for seed gmail-1');
    for (const p of probes.slice(2)) reporter.onProbe!(p, 'found');
    reporter.onEnd!({ ...run, probes: [] }, '/tmp/x');
    const lines = stderr.text.trim().split('\n');
    expect(lines).toEqual([
      `landed run ${run.runId}: 12 probes`,
      '1/12 sent · 0 found · 1 outstanding',
      '12/12 sent · 2 found · 10 outstanding',
      'waiting for seed gmail-1',
      '12/12 sent · 12 found · 0 outstanding · done',
    ]);
  });

  it('on a terminal, rewrites one line and keeps messages above it', () => {
    const { options, stderr } = captureOptions('/tmp/x', { isTTY: true });
    const reporter = createConsoleReporter(options);
    reporter.onBegin!(begin(run));
    reporter.onProbe!(run.probes[0], 'sent');
    reporter.onInfo!('reconnecting to seed outlook-1');
    reporter.onProbe!(run.probes[0], 'found');
    expect(stderr.text).toBe(
      `landed run ${run.runId}: 12 probes\n` +
        '\r\u001b[K1/12 sent · 0 found · 1 outstanding' +
        '\r\u001b[Kreconnecting to seed outlook-1\n1/12 sent · 0 found · 1 outstanding' +
        '\r\u001b[K1/12 sent · 1 found · 0 outstanding',
    );
  });
});
