/**
 * The ARC chain as results.json carries it, and what the receiver says about honouring it: Gmail's
 * `dis=` on a failing dmarc= and Microsoft's compauth reason 130. Hostile chains stay bounded and printable.
 */
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { compose, offline } from './support.ts';

const AR = (dmarc: string) => `Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=stale.test; dkim=fail header.d=stale.test; ${dmarc}; arc=pass (i=1 spf=pass dkim=fail dmarc=pass)`;
const SET = [
  'ARC-Seal: i=1; a=rsa-sha256; t=1733245000; cv=none; d=forward.test; s=arc; b=AAAA',
  'ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=forward.test; s=arc; h=from:subject; bh=AAAA; b=AAAA',
  'ARC-Authentication-Results: i=1; mx.forward.test; spf=pass smtp.mailfrom=sales@stale.test; dkim=fail header.d=stale.test; dmarc=pass header.from=stale.test',
];

async function analyse(headers: string[], mailFrom = 'sales@stale.test') {
  const raw = Buffer.from(compose({ from: 'Stale Co <sales@stale.test>', headers }));
  return analyzeMessage(raw, { authservIds: ['mx.google.com'], resolver: offline, envelope: { mailFrom } });
}

describe('the ARC chain the receiver saw', () => {
  it('lists each set with its cv, sealer and the verdicts that hop recorded; dis=NONE means honoured', async () => {
    const a = await analyse([AR('dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=stale.test'), ...SET]);
    expect(a.arc).toEqual({
      instances: 1, receiver: 'pass', ours: expect.any(String), honoured: true, disposition: 'none',
      sets: [{ instance: 1, cv: 'none', sealer: 'forward.test', selector: 'arc', authservId: 'mx.forward.test', spf: 'pass', dkim: 'fail', dmarc: 'pass' }],
    });
    expect(a.forwarded).toEqual({ by: 'forward.test', evidence: ['ARC i=1 sealed by forward.test'] });
    expect(a.reasons.join('\n')).toMatch(/because forward\.test forwarded the message .*the receiver honoured it/);
  });

  it('reads a policy applied in spite of the chain as not honoured, and no dis= as not said', async () => {
    expect((await analyse([AR('dmarc=fail (p=REJECT dis=REJECT) header.from=stale.test'), ...SET])).arc).toMatchObject({ honoured: false, disposition: 'reject' });
    const silent = await analyse([AR('dmarc=fail (p=REJECT) header.from=stale.test'), ...SET]);
    expect(silent.arc).not.toHaveProperty('honoured');
    expect(silent.reasons.join('\n')).toMatch(/does not say whether it honoured it/);
    const p_none = await analyse([AR('dmarc=fail (p=NONE dis=NONE) header.from=stale.test'), ...SET]);
    expect(p_none.arc).not.toHaveProperty('honoured'); // nothing to override with p=none
  });

  it('takes Microsoft\'s compauth reason 130 as honoured', async () => {
    const ms = 'Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=stale.test; dmarc=fail action=none header.from=stale.test; compauth=pass reason=130';
    expect((await analyse([ms, ...SET])).arc).toMatchObject({ honoured: true, disposition: 'compauth reason 130' });
  });

  it('says nothing about ARC or forwarding for a message that was not forwarded', async () => {
    const a = await analyse([AR('dmarc=pass header.from=stale.test')]);
    expect(a.arc).toBeUndefined();
    expect(a.forwarded).toBeUndefined();
  });

  it('names a list by List-Id and a rewritten envelope sender', async () => {
    const raw = Buffer.from(compose({ from: 'Stale Co <sales@stale.test>', headers: ['Return-Path: <list1-bounces@lists.test>', 'List-Id: <list1.lists.test>', AR('dmarc=fail (p=QUARANTINE) header.from=stale.test')] }));
    const a = await analyzeMessage(raw, { authservIds: ['mx.google.com'], resolver: offline, envelope: { mailFrom: 'sales@stale.test' } });
    expect(a.forwarded).toEqual({ by: 'list1.lists.test', evidence: ['List-Id list1.lists.test', 'envelope sender rewritten from sales@stale.test to list1-bounces@lists.test'] });
  });

  it('keeps a hostile chain bounded and printable', async () => {
    const sets = Array.from({ length: 80 }, (_, n) => `ARC-Seal: i=${n + 1}; cv=pass; d=evil\u0007${'x'.repeat(500)}.test; s=s`);
    const a = await analyse([AR('dmarc=fail (p=REJECT dis=NONE) header.from=stale.test'), ...sets, 'ARC-Seal: i=1; cv=none; d=dup.test; s=s']);
    expect(a.arc!.instances).toBe(50);
    expect(a.arc!.sets[0].sealer).not.toMatch(/[\u0000-\u001f]/);
    expect(a.arc!.sets[0].sealer.length).toBeLessThanOrEqual(200);
  });
});
