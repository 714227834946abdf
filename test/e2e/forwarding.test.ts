/**
 * `landed run` through the lab's forwarder and lists (scenarios/forwarding.yaml): results.json carries the
 * ARC chain the receiver saw and whether it honoured it, and the reasons say that forwarding broke DMARC.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { landed, placements, readResults, tempDir } from './cli.ts';

const SCENARIO = resolve(import.meta.dirname, '../../scenarios/forwarding.yaml');
let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.stop());

describe('landed run through forwarders', () => {
  it('shows SPF-only DMARC breaking when forwarded, aligned DKIM surviving, and the ARC chain with its fate', async () => {
    const work = await tempDir();
    const out = join(work, 'run');
    const cli = await landed(['run', '--config', lab.forwardingConfigFile, '--out', out, SCENARIO], { cwd: work });
    expect(cli.stderr).not.toMatch(/unexpected error/);
    const result = await readResults(out);
    expect(placements(result)).toEqual({
      'relay/fwd-1': 'inbox', 'relay/fwd-2': 'inbox', 'relay/list-1': 'inbox', 'relay/list-2': 'inbox',
      'stale-dkim/fwd-1': 'inbox', 'stale-dkim/fwd-2': 'spam', 'stale-dkim/list-1': 'spam', 'stale-dkim/list-2': 'inbox',
    });
    expect(cli.code).toBe(0);
    const probe = (id: string) => result.probes.find((p) => `${p.route}/${p.seed}` === id)!;

    // The forwarder sealed; the strict receiver trusted it and did not quarantine.
    expect(probe('stale-dkim/fwd-1').auth).toMatchObject({ spf: 'fail', dkim: 'fail', dmarc: 'fail', arc: 'pass' });
    expect(probe('stale-dkim/fwd-1').analysis!.arc).toEqual({
      instances: 1, receiver: 'pass', ours: 'pass', honoured: true, disposition: 'none',
      sets: [{ instance: 1, cv: 'none', sealer: 'forward.test', selector: 'arc', authservId: 'mx.forward.test', spf: 'pass', dkim: 'fail', dmarc: 'pass' }],
    });
    // The bulk receiver saw the same chain and applied the policy anyway.
    expect(probe('stale-dkim/fwd-2').analysis!.arc).toMatchObject({ instances: 1, honoured: false, disposition: 'quarantine' });
    const reasons = probe('stale-dkim/fwd-2').analysis!.reasons.join('\n');
    expect(reasons).toMatch(/DMARC fails for stale\.test because forward\.test forwarded the message/);
    expect(reasons).toMatch(/the receiver did not honour it/);
    expect(reasons).toMatch(/sign with a DKIM key of stale\.test/);

    // The plain list seals nothing: no chain, but the rewritten envelope and List-Id still name forwarding.
    expect(probe('stale-dkim/list-1').analysis!.arc).toBeUndefined();
    expect(probe('stale-dkim/list-1').analysis!.forwarded).toMatchObject({ by: 'list1.lists.test' });
    expect(probe('stale-dkim/list-1').analysis!.reasons[1]).toMatch(/because list1\.lists\.test forwarded the message .*envelope sender rewritten from sales@stale\.test to list1-bounces@lists\.test/);

    // Aligned DKIM survives the forwarder: DMARC passes although SPF fails, and nothing blames forwarding for DMARC.
    expect(probe('relay/fwd-2').auth).toMatchObject({ spf: 'fail', dkim: 'pass', dmarc: 'pass' });
    expect(probe('relay/fwd-2').analysis!.reasons.join('\n')).not.toMatch(/DMARC fails/);
    expect(probe('relay/fwd-2').analysis!.reasons.join('\n')).toMatch(/SPF fail: .* \(expected: forward\.test forwarded it/);
    // The rewriting list breaks the author's signature and brings its own, aligned with its own From.
    const list2 = probe('stale-dkim/list-2').analysis!;
    expect(list2.verified.dkim.signatures.find((s) => s.domain === 'lists.test')).toMatchObject({ result: 'pass', aligned: true });
    expect(list2.verified.dkim.signatures.find((s) => s.domain === 'stale.test')).toMatchObject({ bodyHashOk: false });
    expect(list2.message!.fromDomain).toBe('lists.test');
  }, 240_000);
});
