/**
 * Fault injection on the lab: each test breaks something while `landed run` is sending or waiting, and then
 * checks that no probe was lost (every planned probe ends with a real outcome) and none was sent twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import type { JournalEntry } from '../../src/run/journal.ts';
import { landed, placements, readResults, tempDir, writeScenario } from './cli.ts';

let lab: Lab;
let work: string;

beforeAll(async () => {
  lab = await startLab();
  work = await tempDir('landed-faults-');
});
afterEach(async () => lab.faults.reset());
afterAll(async () => lab?.stop());

function journal(runDir: string): JournalEntry[] {
  const file = join(runDir, 'journal.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((line) => {
    try {
      return [JSON.parse(line) as JournalEntry];
    } catch {
      return [];
    }
  });
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

/** Messages each lab MTA queued per recipient since `seq`: more than one per probe would be a double send. */
async function queuedPerRecipient(since: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const e of await lab.events(since)) if (e.kind === 'queued' && e.to) counts[e.to] = (counts[e.to] ?? 0) + 1;
  return counts;
}

const seedAddresses = () => Object.values(lab.info.seeds).map((s) => s.address);
const lastSeq = async () => (await lab.events()).at(-1)?.seq ?? 0;
const scenario = (name: string, timeout = '40s') =>
  writeScenario(work, name, `routes: [relay]\nmessage: { subject: ${name}, text: Hello }\nexpect: { placement: inbox }\ntimeout: ${timeout}\n`);

describe('faults during a run', () => {
  it('IMAP server restarted mid-wait: the watcher reconnects and finds every probe', async () => {
    await lab.faults.provider('strict', { deliveryDelayMs: 3000 });
    const out = join(work, 'imap-restart');
    const since = await lastSeq();
    const child = landed(['run', '--config', lab.configFile, '--out', out, await scenario('imap-restart')], { cwd: work });
    await until('every probe was sent', () => journal(out).filter((e) => e.type === 'sent').length === 3);
    await lab.restartPart('dovecot:strict');
    const cli = await child;
    expect(cli.code, `${cli.stdout}\n${cli.stderr}`).toBe(0);
    expect(placements(await readResults(out))).toEqual({ 'relay/strict-1': 'inbox', 'relay/bulk-1': 'inbox', 'relay/isp-1': 'inbox' });
    expect(await queuedPerRecipient(since)).toEqual(Object.fromEntries(seedAddresses().map((a) => [a, 1])));
  });

  it('421 throttling at the receiving server: retried until it takes the message', async () => {
    const strict = lab.info.providers.strict.mx;
    await lab.faults.provider('strict', { unavailable: '421' });
    // A route straight to the throttling MX, so landed's own SMTP client meets the 421s.
    const config = join(lab.dir, 'direct-strict.yaml');
    const direct = `routes:\n  direct:\n    smtp: { host: ${strict.host}, port: ${strict.port}, security: none }\n    from: "Acme Sales <sales@acme.test>"\n`;
    await writeFile(config, (await readFile(lab.configFile, 'utf8')).replace(/^routes:\n/m, direct));
    const file = await writeScenario(work, 'throttled', 'routes: [direct]\nseeds: [strict-1]\nmessage: { subject: throttled, text: Hello }\nexpect: { placement: [inbox, spam, rejected] }\ntimeout: 30s\n');
    const out = join(work, 'throttled');
    const child = landed(['run', '--config', config, '--out', out, file], { cwd: work });
    // The first attempt follows the journal's `planned` line at once; the retry waits two seconds.
    await until('the probe was planned', () => journal(out).some((e) => e.type === 'planned'));
    await sleep(1000);
    await lab.faults.provider('strict', { unavailable: false });
    const cli = await child;
    const [probe] = (await readResults(out)).probes;
    expect(cli.code).toBe(0);
    expect(probe.smtp.attempts).toBeGreaterThan(1);
    expect(probe.smtp.retries[0]).toMatch(/^421 /);
    // Straight from 127.0.0.1 the strict provider refuses acme.test mail at DATA: a real outcome, recorded once.
    expect(probe.placement).toBe('rejected');
  });

  it('connection cut after DATA: recorded as uncertain, never sent again, found in the mailbox', async () => {
    await lab.faults.mta('relay', { dropNextData: 'deliver' });
    const out = join(work, 'cut-deliver');
    const since = await lastSeq();
    const file = await writeScenario(work, 'cut', 'routes: [relay]\nseeds: [strict-1]\nmessage: { subject: cut, text: Hello }\nexpect: { placement: inbox }\ntimeout: 20s\n');
    const cli = await landed(['run', '--config', lab.configFile, '--out', out, file], { cwd: work });
    expect(cli.code).toBe(0);
    const [probe] = (await readResults(out)).probes;
    expect(probe).toMatchObject({ placement: 'inbox', smtp: { attempts: 1 } });
    expect(probe.error).toMatch(/connection lost after the message was sent/);
    expect(await queuedPerRecipient(since)).toEqual({ [lab.info.seeds['strict-1'].address]: 1 });
  });

  it('connection cut after DATA and the message lost by the relay: an honest `missing`, not a resend', async () => {
    await lab.faults.mta('relay', { dropNextData: 'discard' });
    const out = join(work, 'cut-discard');
    const file = await writeScenario(work, 'cut-lost', 'routes: [relay]\nseeds: [strict-1]\nmessage: { subject: lost, text: Hello }\nexpect: { placement: inbox }\ntimeout: 4s\n');
    const cli = await landed(['run', '--config', lab.configFile, '--out', out, file], { cwd: work });
    expect(cli.code).toBe(1);
    const [probe] = (await readResults(out)).probes;
    expect(probe).toMatchObject({ placement: 'missing', smtp: { attempts: 1 } });
    expect(journal(out).filter((e) => e.type === 'sent')).toHaveLength(1);
  });

  it('landed killed with SIGKILL mid-wait, then resumed: nothing sent twice, every probe found', async () => {
    for (const id of ['strict', 'bulk', 'isp']) await lab.faults.provider(id, { deliveryDelayMs: 4000 });
    const out = join(work, 'killed');
    const since = await lastSeq();
    const child = landed(['run', '--config', lab.configFile, '--out', out, await scenario('killed')], { cwd: work });
    await until('every probe was sent', () => journal(out).filter((e) => e.type === 'sent').length === 3);
    const runId = (journal(out).find((e) => e.type === 'begin') as { runId: string }).runId;
    child.child.kill('SIGKILL');
    expect((await child).code).toBeNull();
    expect(existsSync(join(out, 'results.json'))).toBe(false);

    const resumed = await landed(['run', '--config', lab.configFile, '--out', out, '--resume', runId, join(work, 'killed.yaml')], { cwd: work });
    expect(resumed.stderr).not.toMatch(/unexpected error/);
    expect(resumed.code).toBe(0);
    expect(placements(await readResults(out))).toEqual({ 'relay/strict-1': 'inbox', 'relay/bulk-1': 'inbox', 'relay/isp-1': 'inbox' });
    expect(journal(out).filter((e) => e.type === 'sent')).toHaveLength(3);
    expect(await queuedPerRecipient(since)).toEqual(Object.fromEntries(seedAddresses().map((a) => [a, 1])));
  });

  it('DNS server stopped while the run verifies: our checks say temperror, the receiver\'s verdicts stand, no crash', async () => {
    // The receivers judge at acceptance, then file 4 s later: the DNS is stopped between the two, so every
    // probe is found and verified by the run with the DNS down, and the receivers' own verdicts are intact.
    for (const id of ['strict', 'bulk', 'isp']) await lab.faults.provider(id, { deliveryDelayMs: 4000 });
    const out = join(work, 'dns-down');
    const since = await lastSeq();
    const child = landed(['run', '--config', lab.configFile, '--out', out, await scenario('dns-down')], { cwd: work });
    const accepted = async () => (await lab.events(since)).filter((e) => e.kind === 'accepted' && e.part.startsWith('mx')).length;
    for (let n = 0; n < 3; n = await accepted()) await sleep(50);
    // Mid-run, provably: every probe is sent and judged by its receiver, none found by the run yet.
    expect(journal(out).filter((e) => e.type === 'sent')).toHaveLength(3);
    expect(journal(out).filter((e) => e.type === 'found')).toHaveLength(0);
    await lab.stopPart('dns');
    const stoppedAt = Date.now();
    try {
      const cli = await child;
      expect(cli.stderr).not.toMatch(/unexpected error/);
      expect(cli.code).toBe(0);
      const found = journal(out).filter((e) => e.type === 'found');
      expect(found.map((e) => Date.parse((e as { detectedAt: string }).detectedAt) >= stoppedAt)).toEqual([true, true, true]);
      const result = await readResults(out);
      expect(placements(result)).toEqual({ 'relay/strict-1': 'inbox', 'relay/bulk-1': 'inbox', 'relay/isp-1': 'inbox' });
      for (const probe of result.probes) {
        expect(probe.analysis?.verified.spf.result).toBe('temperror');
        expect(probe.analysis?.verified.dmarc.result).toBe('temperror');
        // The receiver's own verdicts were read from its header and do not depend on DNS.
        expect(probe.auth).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });
      }
    } finally {
      await lab.startPart('dns');
    }
  });
});

describe('saving what was found', () => {
  it('a message that cannot be saved (as on a full disk) is an error in its result; the run goes on', async () => {
    const out = join(work, 'unsaveable');
    // A file where the messages folder should be: every save fails, as it would with no space left.
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'messages'), 'not a folder');
    const cli = await landed(['run', '--config', lab.configFile, '--out', out, await scenario('unsaveable', '30s')], { cwd: work });
    expect(cli.code).toBe(0);
    const result = await readResults(out);
    expect(placements(result)).toEqual({ 'relay/strict-1': 'inbox', 'relay/bulk-1': 'inbox', 'relay/isp-1': 'inbox' });
    for (const probe of result.probes) {
      expect(probe.messageFile).toBeUndefined();
      expect(probe.error).toMatch(/could not save the message/);
    }
  });
});

describe('stopping a run', () => {
  it('SIGTERM mid-wait: outstanding probes are `interrupted`, reporters still run, exit code 3', async () => {
    await lab.faults.provider('isp', { deliveryDelayMs: 60_000 });
    const out = join(work, 'stopped');
    const child = landed(['run', '--config', lab.configFile, '--out', out, '--reporter', 'console', '--reporter', 'junit', await scenario('stopped')], { cwd: work });
    await until('every probe was sent', () => journal(out).filter((e) => e.type === 'sent').length === 3);
    await until('the others were found', () => journal(out).filter((e) => e.type === 'found').length === 2);
    child.child.kill('SIGTERM');
    const cli = await child;
    expect(cli.code).toBe(3);
    const result = await readResults(out);
    expect(result.status).toBe('interrupted');
    expect(placements(result)).toEqual({ 'relay/strict-1': 'inbox', 'relay/bulk-1': 'inbox', 'relay/isp-1': 'interrupted' });
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
  });
});
