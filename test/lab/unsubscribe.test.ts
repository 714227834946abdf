/**
 * RFC 8058 one-click unsubscribe, end to end on the lab: a bulk scenario through the relay with both headers;
 * signed by the relay (both under its passing DKIM signature) the bulk-sender check passes, signed without
 * List-Unsubscribe-Post it fails and says why; `--unsubscribe-check` POSTs to the lab's endpoint and records
 * its status, without cookies.
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { LAB_UNSUBSCRIBE_PORT } from '../../src/lab/daemon/unsubscribe-endpoint.ts';
import { landed, readResults, tempDir, writeScenario } from '../e2e/cli.ts';

let lab: Lab;
let work: string;

beforeAll(async () => {
  lab = await startLab();
  work = await tempDir();
}, 300_000);
afterAll(async () => lab?.stop());

async function bulkRun(name: string) {
  const url = `https://${lab.info.dns.host}:${LAB_UNSUBSCRIBE_PORT}/u/acme-news`;
  const scenario = await writeScenario(work, name, `routes: [relay]\nseeds: [bulk-1]\nbulk: true\nmessage:\n  subject: Acme news\n  text: "Our news of the month.\\n\\nAcme Sales"\n  headers:\n    List-Unsubscribe: "<${url}>, <mailto:unsubscribe@acme.test>"\n    List-Unsubscribe-Post: List-Unsubscribe=One-Click\nexpect: { placement: inbox }\ntimeout: 120s\n`);
  const out = join(work, name);
  const cli = await landed(['run', '--config', lab.configFile, '--out', out, '--unsubscribe-check', scenario], { cwd: work, env: { NODE_EXTRA_CA_CERTS: lab.info.caFile } });
  const probe = (await readResults(out)).probes[0];
  const oneClick = probe.analysis!.requirements.filter((r) => r.id.endsWith('one-click-unsubscribe'));
  return { cli, probe, oneClick };
}

describe('one-click unsubscribe (RFC 8058)', () => {
  it('both headers signed by the relay: the check passes and the POST gets 200', { timeout: 600_000 }, async () => {
    const { probe, oneClick } = await bulkRun('signed');
    expect(probe.placement).toBe('inbox');
    expect(oneClick.length).toBeGreaterThan(0);
    expect(oneClick.every((r) => r.status === 'pass')).toBe(true);
    expect(probe.unsubscribe).toEqual({ url: `https://${lab.info.dns.host}:${LAB_UNSUBSCRIBE_PORT}/u/acme-news`, status: 200, ok: true });
    const log = await readFile(join(lab.dir, 'logs', 'daemon.log'), 'utf8');
    expect(log).toMatch(/unsubscribe unsubscribe POST \/u\/acme-news -> 200\n/);
    expect(log).not.toContain('(with a cookie)');
  });

  it('List-Unsubscribe-Post not under the signature: the check fails and says so', { timeout: 600_000 }, async () => {
    await lab.faults.mta('relay', { signListUnsubscribePost: false });
    try {
      const { oneClick } = await bulkRun('unsigned');
      expect(oneClick.length).toBeGreaterThan(0);
      for (const r of oneClick) expect(r).toMatchObject({ status: 'fail', detail: 'List-Unsubscribe and List-Unsubscribe-Post are not covered by a passing DKIM signature' });
    } finally {
      await lab.faults.mta('relay', { signListUnsubscribePost: true });
    }
  });
});
