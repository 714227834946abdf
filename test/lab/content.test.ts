/**
 * The lab's providers judge content with the same private rspamd as `landed score`: a spammy scenario sent
 * through the good relay (SPF, DKIM and DMARC all pass) is refused by strict (score above 15) and lands in
 * junk at bulk and isp, with rspamd's verdict in the result; the demo's message still lands in the inbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { landed, readResults, tempDir, writeScenario } from '../e2e/cli.ts';
import { SPAMMY_SCENARIO, requireRspamd } from '../content/support.ts';
import { join } from 'node:path';

let lab: Lab;
let work: string;

beforeAll(async () => {
  requireRspamd();
  lab = await startLab();
  work = await tempDir();
});
afterAll(async () => lab?.stop());

describe('lab providers judge content', () => {
  it('a spammy message through the good relay: refused by strict, junk at bulk and isp, the content reason in the result', { timeout: 900_000 }, async () => {
    const spammy = await writeScenario(work, 'spammy', `${SPAMMY_SCENARIO.replace('maxContentScore: 5', 'maxContentScore: 100')}routes: [relay]\nseeds: [strict-1, bulk-1, isp-1]\ntimeout: 120s\n`.replace('placement: spam', 'placement: [spam, rejected]\n  dmarc: pass'));
    const clean = await writeScenario(work, 'clean', `routes: [relay]\nseeds: [strict-1, bulk-1, isp-1]\nmessage: { subject: Your quote request, text: "Hello,\\n\\nthank you for your request.\\n\\nKind regards,\\nAcme Sales" }\nexpect: { placement: inbox, maxContentScore: 3 }\ntimeout: 120s\n`);
    const out = join(work, 'run');
    const cli = await landed(['run', '--config', lab.configFile, '--out', out, spammy, clean], { cwd: work });
    expect(cli.stderr).toMatch(/content score: spammy [\d.]+ \(refused[^)]*\), clean -?[\d.]+ \(inbox[^)]*\)/);
    const result = await readResults(out);
    const probe = (scenario: string, seed: string) => result.probes.find((p) => p.scenario === scenario && p.seed === seed)!;
    expect(probe('spammy', 'strict-1')).toMatchObject({ placement: 'rejected', smtp: {}, bounce: { code: 550, status: '5.7.1' } });
    for (const seed of ['bulk-1', 'isp-1']) {
      const p = probe('spammy', seed);
      expect(p.placement).toBe('spam');
      expect(p.auth.dmarc).toBe('pass');
      expect(Number(p.analysis!.receiver.spamHints['rspamd.score'].split('/')[0])).toBeGreaterThan(15);
      expect(p.analysis!.receiver.spamHints['rspamd.symbols']).toContain('LANDED_TEST_SPAM');
    }
    for (const seed of ['strict-1', 'bulk-1', 'isp-1']) expect(probe('clean', seed).placement).toBe('inbox');
    expect(result.content!.map((c) => [c.scenario, c.expectation])).toEqual([['spammy', { max: 100, ok: true }], ['clean', { max: 3, ok: true }]]);
    expect(cli.code).toBe(0);
  });
});
