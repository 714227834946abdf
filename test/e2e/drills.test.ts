/**
 * The drills end to end on the lab (issue 16): the spoof drill through `direct` to the company's own inbound
 * MX and the strict provider, and the ERP-like application made to send through `http` and `command`, with
 * its knobs (worker stopped, a message dropped, one sent twice). The real CLI, results.json read back.
 */
import { createServer, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startLab, type Lab } from '../../src/lab/index.ts';
import type { ProbeResult } from '../../src/results/types.ts';
import { landed, readResults, tempDir, writeScenario } from './cli.ts';

let lab: Lab;
let work: string;
let drills: string;

beforeAll(async () => {
  lab = await startLab();
  work = await tempDir();
  drills = join(lab.dir, 'drills.yaml');
});
afterAll(async () => lab?.stop());
afterEach(async () => {
  await lab?.faults.reset();
  // What a stopped worker left in the application's queue goes out now, before the next test turns a knob.
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${lab.info.drills.app.url}/api/queue`, { headers: { authorization: `Bearer ${lab.info.passwords.app}` } });
    if (((await res.json()) as { queued: number }).queued === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

async function run(config: string, scenarios: string[]) {
  const out = join(work, `run-${Math.random().toString(36).slice(2)}`);
  const cli = await landed(['run', '--config', config, '--out', out, ...scenarios], { cwd: work });
  expect(cli.stderr).not.toMatch(/unexpected error/);
  return { cli, out, result: await readResults(out).catch(() => undefined) };
}

const bySeed = (probes: ProbeResult[]) => new Map(probes.map((p) => [`${p.route}/${p.seed}`, p]));

describe('the spoof drill', () => {
  it('reaches the inbox of the own MX that does not enforce DMARC: the critical finding, exit 1; the strict provider refuses it with 5.7.26', async () => {
    const { cli, result } = await run(drills, [join(lab.dir, 'drills', 'spoof.yaml')]);
    expect(cli.code).toBe(1);
    const probes = bySeed(result!.probes);
    const own = probes.get('spoof/own-1')!;
    expect(own).toMatchObject({ placement: 'inbox', folder: 'INBOX', auth: { spf: 'fail', dmarc: 'fail' } });
    expect(own.findings?.[0]).toMatchObject({ severity: 'critical', key: 'drill:spoof-inbox' });
    expect(own.findings![0]!.fix!.join(' ')).toMatch(/p=reject.*Reject Direct Send.*spoof/s);
    expect(own.expectations.find((e) => e.check === 'placement')).toMatchObject({ ok: false, actual: 'inbox' });
    expect(probes.get('spoof/strict-1')).toMatchObject({ placement: 'rejected', smtp: { code: 550, status: '5.7.26' } });
    expect(probes.get('spoof/strict-1')!.findings ?? []).toEqual([]);
    // The console says it first, as the most serious finding.
    expect(cli.stdout).toMatch(/CRITICAL.*forged as acme\.test reached the inbox of own-1/);
  });

  it('is refused by the own MX with its code once it enforces DMARC: no finding, exit 0', async () => {
    await lab.faults.provider('mailhost', { enforceDmarc: true });
    const { cli, result } = await run(drills, [join(lab.dir, 'drills', 'spoof.yaml')]);
    expect(bySeed(result!.probes).get('spoof/own-1')).toMatchObject({ placement: 'rejected', smtp: { code: 550, status: '5.7.1' } });
    expect(result!.probes.flatMap((p) => p.findings ?? [])).toEqual([]);
    expect(cli.code).toBe(0);
  });

  it('shows what the filters do with a look-alike domain: the own MX takes it (a warning), strict junks it', async () => {
    const { result } = await run(drills, [join(lab.dir, 'drills', 'lookalike.yaml')]);
    const probes = bySeed(result!.probes);
    expect(probes.get('lookalike/own-1')).toMatchObject({ placement: 'inbox' });
    expect(probes.get('lookalike/own-1')!.findings?.[0]).toMatchObject({ severity: 'warning', key: 'drill:lookalike-inbox' });
    expect(probes.get('lookalike/strict-1')).toMatchObject({ placement: 'spam', folder: 'Junk' });
  });
});

describe('routes that make the application send', () => {
  const erp = (name: string, extra = '') =>
    writeScenario(work, name, `
routes: [erp-app, erp-cmd]
seeds: [own-1]
message: { subject: Order ${name}, text: Thank you }
expect: { placement: inbox${extra} }
timeout: 15s
`);

  it('delivers through http and command with the stage times: accepted, queued and sent as the application says, arrived', async () => {
    const { cli, result } = await run(drills, [await erp('ok')]);
    expect(cli.code).toBe(0);
    const probes = bySeed(result!.probes);
    const http = probes.get('erp-app/own-1')!;
    expect(http).toMatchObject({ placement: 'inbox', smtp: { queueId: expect.any(String) } });
    expect(http.stages!.map((s) => s.stage)).toEqual(expect.arrayContaining(['accepted', 'sent']));
    const accepted = Date.parse(http.stages![0]!.at);
    expect(Date.parse(http.receivedAt!)).toBeGreaterThanOrEqual(accepted - 1000); // INTERNALDATE has whole seconds
    expect(http.latencyMs).toBeGreaterThanOrEqual(0);
    expect(probes.get('erp-cmd/own-1')).toMatchObject({ placement: 'inbox', stages: [{ stage: 'accepted' }] });
  });

  it('worker stopped: every probe missing, in the application-accepted wording', async () => {
    await lab.faults.app('erp', { workerStopped: true });
    const { cli, result } = await run(drills, [await erp('stuck')]);
    expect(cli.code).toBe(1);
    for (const probe of result!.probes) {
      expect(probe.placement).toBe('missing');
      expect(probe.error).toMatch(/^accepted by the application at \S+, never delivered: look at its mail queue/);
    }
  });

  it('a dropped message: that probe alone is missing', async () => {
    await lab.faults.app('erp', { dropNext: 1 });
    const { result } = await run(drills, [await erp('drop')]);
    const missing = result!.probes.filter((p) => p.placement === 'missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.error).toMatch(/accepted by the application at .*never delivered/);
    expect(result!.probes.filter((p) => p.placement === 'inbox')).toHaveLength(1);
  });

  it('a message sent twice: flagged duplicate with where and when, its expectation fails', async () => {
    await lab.faults.app('erp', { duplicateNext: 1 });
    const { cli, result } = await run(drills, [await erp('twice')]);
    expect(cli.code).toBe(1);
    const doubled = result!.probes.filter((p) => p.duplicates?.length);
    expect(doubled).toHaveLength(1);
    expect(doubled[0]!.duplicates![0]).toMatchObject({ folder: 'INBOX', receivedAt: expect.any(String) });
    expect(doubled[0]!.expectations.find((e) => e.check === 'duplicates')).toMatchObject({ ok: false, actual: '2 copies' });
    const single = result!.probes.find((p) => !p.duplicates?.length)!;
    expect(single.expectations.every((e) => e.ok)).toBe(true);
  });
});

describe('an http route whose endpoint fails', () => {
  let server: Server;
  let base: string;
  afterAll(() => server?.close());

  it('500, a body without 2xx, no answer: each probe an error with the status and the first bytes, secrets masked; the others go on', async () => {
    server = createServer((req, res) => {
      if (req.url === '/500') return res.writeHead(500).end('Internal Server Error: token s3cr3t-erp-token\u001b[31m in the trace');
      if (req.url === '/redirect') return res.writeHead(302, { location: '/login' }).end('<html>please log in</html>');
      if (req.url === '/slow') return; // never answers
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const doc = parseDocument(await readFile(drills, 'utf8'));
    for (const [id, path] of [['broken', '/500'], ['moved', '/redirect'], ['slow', '/slow']]) {
      doc.setIn(['routes', id], doc.createNode({ http: { url: `${base}${path}`, headers: { Authorization: 'Bearer ${ERP_SECRET}' }, timeout: '2s' }, from: 'Acme Orders <orders@acme.test>' }));
    }
    const config = join(lab.dir, 'drills-broken.yaml');
    await writeFile(config, doc.toString());
    const scenario = await writeScenario(work, 'broken', `
routes: [broken, moved, slow, erp-app]
seeds: [own-1]
message: { subject: Broken endpoints, text: Hello }
expect: { placement: inbox }
timeout: 15s
`);
    const out = join(work, 'run-broken');
    const cli = await landed(['run', '--config', config, '--out', out, scenario], { cwd: work, env: { ERP_SECRET: 's3cr3t-erp-token' } });
    const probes = bySeed((await readResults(out)).probes);
    expect(probes.get('broken/own-1')).toMatchObject({ placement: 'error', error: expect.stringMatching(/HTTP 500, not 2xx: Internal Server Error: token \*+/) });
    expect(probes.get('moved/own-1')).toMatchObject({ placement: 'error', error: expect.stringContaining('HTTP 302, not 2xx: <html>please log in</html>') });
    expect(probes.get('slow/own-1')).toMatchObject({ placement: 'error', error: expect.stringContaining('no answer from the application within 2s') });
    expect(probes.get('erp-app/own-1')).toMatchObject({ placement: 'inbox' });
    const everything = cli.stdout + cli.stderr + (await readFile(join(out, 'results.json'), 'utf8')) + (await readFile(join(out, 'journal.jsonl'), 'utf8'));
    expect(everything).not.toContain('s3cr3t-erp-token');
    expect(everything).not.toContain('\u001b[31m');
  });
});
