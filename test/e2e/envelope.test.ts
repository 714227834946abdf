/**
 * The envelope follows the message, on the lab: a scenario whose From is in another domain than the route's
 * is sent with MAIL FROM in that domain (SPF aligned, DMARC passes on it); with `envelopeFrom` set to the
 * route's domain it is not aligned, and DMARC fails. results.json and the console say which envelope was used.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { landed, readResults, tempDir, writeScenario } from './cli.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.stop());

describe('MAIL FROM follows the scenario\'s From', () => {
  it('aligns SPF with a From in another domain, and not when envelopeFrom says otherwise', async () => {
    const work = await tempDir();
    // stale.test's SPF lists the relay; its DKIM key is stale, so DMARC stands or falls with SPF alignment.
    const message = 'message: { from: "Stale News <news@stale.test>", subject: Envelope, text: Hello }';
    await writeScenario(work, 'follows', `name: follows\nroutes: [relay]\nseeds: [strict-1]\n${message}\ntimeout: 90s\n`);
    await writeScenario(work, 'pinned', `name: pinned\nroutes: [relay]\nseeds: [strict-1]\nmessage: { from: "Stale News <news@stale.test>", envelopeFrom: sales@acme.test, subject: Envelope, text: Hello }\ntimeout: 90s\n`);
    const out = join(work, 'run');
    const cli = await landed(['run', '--config', lab.configFile, '--out', out, join(work, 'follows.yaml'), join(work, 'pinned.yaml')], { cwd: work });
    expect(cli.stderr).not.toMatch(/unexpected error/);
    const result = await readResults(out);
    const probe = (scenario: string) => result.probes.find((p) => p.scenario === scenario)!;

    expect(probe('follows')).toMatchObject({ envelopeFrom: 'news@stale.test', from: 'news@stale.test', placement: 'inbox', auth: { spf: 'pass', dkim: 'fail', dmarc: 'pass' } });
    expect(probe('follows').analysis!.verified.dmarc).toMatchObject({ result: 'pass', spfAligned: true });
    expect(probe('follows').analysis!.message!.returnPath).toBe('news@stale.test');

    expect(probe('pinned')).toMatchObject({ envelopeFrom: 'sales@acme.test', from: 'news@stale.test', placement: 'spam', auth: { spf: 'pass', dmarc: 'fail' } });
    expect(probe('pinned').analysis!.verified.dmarc).toMatchObject({ result: 'fail', spfAligned: false });
    expect(probe('pinned').analysis!.reasons.join('\n')).toMatch(/SPF passes for acme\.test but is not aligned with From domain stale\.test/);

    // The console names the envelope only where it is not the From address.
    expect(cli.stdout).toMatch(/MAIL FROM\) other than the From address:\n {2}route relay \(pinned\): MAIL FROM sales@acme\.test, From news@stale\.test\n/);
    expect(cli.stdout).not.toMatch(/route relay \(follows\): MAIL FROM/);
  }, 240_000);
});
