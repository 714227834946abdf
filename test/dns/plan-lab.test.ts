/**
 * `landed dns plan` and `landed dns check` against the lab: a real run's captured messages replayed against
 * the lab's DNS (NSD) and against proposed acme.test zones derived from the lab's own zone file.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsPlan } from '../../src/dns-plan/types.ts';
import { labLayout } from '../../src/lab/files/layout.ts';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { parseDocument, stringify } from 'yaml';
import { parseZone } from '../../src/dns/zone/load.ts';
import { runLanded } from './support/cli.ts';
import { quotedTxt, rsaPublicKey } from './support/zones.ts';

let lab: Lab;
let work: string;
let liveZone: string;
let dnsArgs: string[];

beforeAll(async () => {
  lab = await startLab();
  work = await mkdtemp(join(tmpdir(), 'landed-dns-plan-'));
  const run = await runLanded(['run', '--config', lab.configFile, '--reporter', 'json'], lab.dir);
  if (run.code !== 0) throw new Error(`landed run failed (${run.code}): ${run.stderr}`);
  liveZone = await readFile(join(labLayout(lab.dir).zonesDir, 'acme.test.zone'), 'utf8');
  dnsArgs = ['--config', lab.configFile, '--dns', lab.resolverServers[0]];
  // A lab and a whole run (rspamd scoring included) on a shared two-core machine: not a timing test.
}, 300_000);

afterAll(async () => {
  await lab?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function plan(name: string, zoneText: string, extra: string[] = []) {
  const file = join(work, `${name}.acme.test.zone`);
  await writeFile(file, zoneText);
  const markdown = join(work, `${name}.md`);
  const result = await runLanded(['dns', 'plan', '--zone', file, '--from-run', 'latest', '--json', '--markdown', markdown, ...dnsArgs, ...extra], work);
  return { ...result, plan: result.stdout ? (JSON.parse(result.stdout) as DnsPlan) : undefined, markdown: await readFile(markdown, 'utf8').catch(() => '') };
}

const verdicts = (p: DnsPlan, route: string) => p.rows.filter((r) => r.route === route).map((r) => [r.provider, r.spf, r.dkim, r.dmarc]);

describe('landed dns plan against the lab', () => {
  it('says that dropping the relay from SPF turns relay from pass to fail at every provider, and exits 1', async () => {
    const relay = lab.info.routes.relay.egress;
    const { code, plan: p, markdown, stderr } = await plan('drop-relay', liveZone.replace(`ip4:${relay} `, 'ip4:192.0.2.1 '));
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const providers = Object.values(lab.info.seeds).map((s) => `lab-${s.provider}`).sort();
    expect(verdicts(p!, 'relay').sort()).toEqual(
      providers.map((provider) => [provider, { before: 'pass', after: 'fail' }, { before: 'pass', after: 'pass' }, { before: 'pass', after: 'pass' }]),
    );
    expect(p!.rows.filter((r) => r.regression).map((r) => r.route)).toEqual(['relay', 'relay', 'relay']);
    expect(p!.findings.added).toMatchObject([{ id: 'spf.not-authorized', subject: relay, severity: 'error' }]);
    expect(p!.untouchedRoutes).toEqual(['no-dmarc', 'stale-dkim']);
    expect(markdown).toContain('## landed dns plan: ❌ 4 regression(s)');
    expect(markdown).toContain('| relay | lab-strict | **pass → fail** | pass | pass | ❌ |');
  });

  it('reads the same change kept as OctoDNS YAML', async () => {
    const relay = lab.info.routes.relay.egress;
    const file = join(work, 'acme.test.yaml');
    await writeFile(file, toOctodns(liveZone.replace(`ip4:${relay} `, 'ip4:192.0.2.1 ')));
    const { code, stdout } = await runLanded(['dns', 'plan', '--zone', file, '--from-run', 'latest', '--json', ...dnsArgs], work);
    expect(code).toBe(1);
    const p = JSON.parse(stdout) as DnsPlan;
    expect(p.zones).toEqual([{ origin: 'acme.test', file, format: 'octodns', records: 9 }]); // with stale.test._report._dmarc (acme.test receives stale.test's DMARC reports)
    expect(p.rows.filter((r) => r.regression).map((r) => `${r.route} ${r.spf.before}→${r.spf.after}`)).toEqual(Array(3).fill('relay pass→fail'));
  });

  it('says that publishing the erp route\'s real key fixes its DKIM and DMARC, and exits 0', async () => {
    const pem = await readFile(join(labLayout(lab.dir).dkimDir, 'erp-signing.key'), 'utf8');
    const key = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' }).toString('base64');
    const fixed = liveZone.replace(/erp\._domainkey IN TXT \([^)]*\)/, `erp._domainkey IN TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${key}`)}`);
    expect(fixed).not.toBe(liveZone);
    const { code, plan: p, markdown } = await plan('erp-key', fixed);
    expect(code).toBe(0);
    for (const row of p!.rows.filter((r) => r.route === 'erp')) {
      expect(row).toMatchObject({ dkim: { before: 'fail', after: 'pass' }, dmarc: { before: 'fail (reject)', after: 'pass' }, improvement: true, regression: false });
    }
    // The strict provider rejected erp's probe; its row is judged with the route's message from another seed.
    expect(p!.rows.find((r) => r.route === 'erp' && r.provider === 'lab-strict')!.notes[0]).toMatch(/no message was captured at this provider/);
    expect(p!.regressions).toEqual([]);
    expect(markdown).toContain('## landed dns plan: ✅ no regression');
  });

  it('answers the DMARC tree walk and every other name for names the proposal does not cover', async () => {
    // A proposal for an unrelated zone changes nothing for any route.
    const { code, plan: p } = await plan('unrelated', '$ORIGIN unrelated.test.\n@ TXT "v=spf1 -all"\n');
    expect(code).toBe(0);
    expect(p!.rows).toEqual([]);
    expect(p!.untouchedRoutes).toEqual(['erp', 'internal', 'no-dmarc', 'relay', 'stale-dkim']);
  });

  it('judges a proposal on its records alone (--records-only): eleven SPF lookups, a 512-bit key, pct, each with its fix', async () => {
    const relay = lab.info.routes.relay.egress;
    const includes = Array.from({ length: 9 }, (_, i) => `include:i${i + 1}.acme.test`).join(' ');
    const proposal = liveZone
      .replace(`"v=spf1 ip4:${relay} -all"`, `"v=spf1 ip4:${relay} a mx ${includes} -all"`)
      .replace(/"v=DMARC1; p=reject; adkim=r; aspf=r[^"]*"/, '"v=DMARC1; p=reject; pct=50"')
      .concat(Array.from({ length: 9 }, (_, i) => `i${i + 1} IN TXT "v=spf1 ip4:192.0.2.${i + 1} -all"\n`).join(''))
      .concat(`weak._domainkey IN TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${rsaPublicKey(512)}`)}\n`);
    const file = join(work, 'lint.acme.test.zone');
    await writeFile(file, proposal);
    const { code, stdout } = await runLanded(['dns', 'plan', '--zone', file, '--records-only', '--json', ...dnsArgs], work);
    const p = JSON.parse(stdout) as DnsPlan;
    expect(code).toBe(1);
    expect(p.rows).toEqual([]);
    expect(p.notReplayed).toBeUndefined();
    expect(p.notJudged[0]).toMatch(/^No captured run: no real message was replayed/);
    const added = Object.fromEntries(p.findings.added.map((f) => [f.id, f]));
    expect(added['spf.lookup-limit'].message).toMatch(/^SPF needs 11 DNS lookups, more than the limit of 10/);
    expect(added['dkim.weak-key']).toMatchObject({ subject: 'weak', message: 'selector "weak" has a 512-bit RSA key' });
    expect(added['dmarc.pct-obsolete'].fix).toBe('Remove pct=; to test a stricter policy without enforcing it, use t=y.');
    for (const f of Object.values(added)) expect(f.fix.length).toBeGreaterThan(10);
    expect(added['dmarc.no-rua'].fix).toMatch(/^Add rua=mailto:dmarc@acme.test/);
  });

  it('reports a proposal that drops _dmarc: a new error, and DMARC pass -> none for the routes', async () => {
    const { code, plan: p } = await plan('no-dmarc', liveZone.replace(/^_dmarc .*$/m, ''));
    expect(code).toBe(1);
    expect(p!.findings.added).toMatchObject([{ id: 'dmarc.missing', domain: 'acme.test', fix: expect.stringContaining('_dmarc.acme.test') }]);
    expect(p!.rows.filter((r) => r.route === 'relay').map((r) => r.dmarc)).toEqual(Array(3).fill({ before: 'pass', after: 'none' }));
  });

  it('replays the latest run without being asked: dropping the relay from SPF exits 1 and names the route', async () => {
    const relay = lab.info.routes.relay.egress;
    const file = join(work, 'default-run.acme.test.zone');
    await writeFile(file, liveZone.replace(`ip4:${relay} `, 'ip4:192.0.2.1 '));
    const markdown = join(work, 'default-run.md');
    const { code, stdout } = await runLanded(['dns', 'plan', '--zone', file, '--markdown', markdown, ...dnsArgs], work);
    expect(code).toBe(1);
    expect(stdout).toMatch(/replayed the messages of run \S+/);
    expect(stdout).toMatch(/^relay\s+lab-strict\s+pass → fail/m);
    expect(stdout).toContain('regression(s): this change breaks mail that works today.');
    expect(await readFile(markdown, 'utf8')).toContain('| relay | lab-strict | **pass → fail** | pass | pass | ❌ |');
  });

  it('with no run to replay, says loudly that no route was judged (text and Markdown) and exits 5', async () => {
    const empty = await mkdtemp(join(work, 'no-runs-'));
    const file = join(work, 'harmless.acme.test.zone');
    await writeFile(file, liveZone);
    const markdown = join(work, 'no-run.md');
    const args = ['dns', 'plan', '--zone', file, '--reports', empty, '--markdown', markdown, ...dnsArgs];
    const { code, stdout } = await runLanded(args, work);
    expect(code).toBe(5);
    expect(stdout).toContain(`NO ROUTE WAS REPLAYED: no finished run in ${relative(work, empty)}, so no route was judged`);
    expect(stdout).toContain('No verdict: no route was replayed, only the records were judged.');
    expect(stdout).not.toContain('No regression found');
    const md = await readFile(markdown, 'utf8');
    expect(md).toContain('## landed dns plan: ⚠️ NO VERDICT: no route was replayed');
    expect(md).toContain('> **NO ROUTE WAS REPLAYED');
    expect(md).not.toContain('✅');
    // Asked for on purpose, the records alone may clear a change.
    const recordsOnly = await runLanded([...args, '--records-only'], work);
    expect(recordsOnly.code).toBe(0);
    expect(recordsOnly.stdout).toContain('records only: no run replayed');
    expect(recordsOnly.stdout).toContain('No regression found.');
    const both = await runLanded([...args, '--records-only', '--from-run', 'latest'], work);
    expect(both.code).toBe(2);
  });

  it('refuses a zone with a syntax error, naming the line, with exit code 2', async () => {
    const broken = liveZone.replace('_dmarc IN TXT', '_dmarc IN TXT "unclosed\n_x IN TXT');
    const file = join(work, 'broken.acme.test.zone');
    await writeFile(file, broken);
    const { code, stderr } = await runLanded(['dns', 'plan', '--zone', file, ...dnsArgs], work);
    expect(code).toBe(2);
    const line = broken.split('\n').findIndex((l) => l.includes('"unclosed')) + 1;
    expect(stderr).toContain(`${file}:${line}: quoted string is not closed on this line`);
  });
});

describe('landed dns check against the lab', () => {
  it('checks the routes\' domains with the sending addresses and selectors of the latest run', async () => {
    const { code, stdout } = await runLanded(['dns', 'check', '--json', ...dnsArgs], work);
    expect(code).toBe(1);
    const { domains, findings } = JSON.parse(stdout) as { domains: string[]; findings: Array<{ id: string; domain: string; subject?: string }> };
    expect(domains).toEqual(['acme.test', 'erp-vendor.test', 'nodmarc.test', 'stale.test']);
    const errors = findings.filter((f) => (f as { severity?: string }).severity === 'error').map((f) => `${f.domain} ${f.id}${f.subject ? ` ${f.subject}` : ''}`);
    expect(errors).toEqual([
      // The lab's blocklist (landed.yaml `blocklists`) lists the internal route's address, seen in the run.
      `acme.test blocklist.listed ${lab.info.routes.internal.egress}`,
      `acme.test spf.not-authorized ${lab.info.routes.internal.egress}`,
      'erp-vendor.test dmarc.missing',
      'nodmarc.test dmarc.missing',
    ]);
  });
});

describe('landed dns check before any run', () => {
  it('checks the DKIM selectors the routes declare, and reports one that is not published', async () => {
    const doc = parseDocument(await readFile(lab.configFile, 'utf8'));
    doc.setIn(['routes', 'relay', 'dkimSelectors'], doc.createNode(['s1', 'old2019']));
    const config = join(lab.dir, 'selectors.yaml'); // beside landed.yaml: .env and ./ca.pem resolve
    await writeFile(config, doc.toString());
    const check = async (file: string) => {
      const { stdout } = await runLanded(['dns', 'check', '--json', '--from-run', 'none', '--config', file, '--dns', lab.resolverServers[0]], work);
      return (JSON.parse(stdout) as { findings: Array<{ id: string; domain: string; subject?: string }> }).findings.filter((f) => f.id.startsWith('dkim.'));
    };
    expect(await check(lab.configFile)).toEqual([]);
    expect((await check(config)).map((f) => `${f.domain} ${f.id} ${f.subject}`)).toEqual(['acme.test dkim.missing old2019']);
  });
});

/** The lab's BIND zone written as OctoDNS keeps it: names relative to the zone, `;` escaped in TXT. */
function toOctodns(bind: string): string {
  const zone = parseZone(bind, 'acme.test.zone');
  const byName: Record<string, Array<Record<string, unknown>>> = {};
  const fqdn = (name: string) => `${name}.`;
  for (const r of zone.records) {
    if (r.type === 'SOA' || r.type === 'NS') continue; // OctoDNS manages these itself
    const value =
      r.type === 'TXT' ? r.strings.join('').replace(/;/g, '\\;') : r.type === 'MX' ? { exchange: fqdn(r.exchange), preference: r.priority } : r.type === 'A' ? r.value : fqdn((r as { value: string }).value);
    const name = r.name === zone.origin ? '' : r.name.slice(0, -zone.origin.length - 1);
    const list = (byName[name] ??= []);
    const same = list.find((e) => e.type === r.type);
    if (same) (same.values as unknown[]).push(value);
    else list.push({ type: r.type, ttl: r.ttl, values: [value] });
  }
  return stringify(byName);
}
