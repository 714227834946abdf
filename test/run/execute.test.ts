/**
 * executeRun driven through fake ports (test/run/fakes.ts): the run's own decisions (what ends a probe, what
 * is journaled, what is judged) without a single server.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resolver } from '../../src/dns/resolver.ts';
import { buildPlan } from '../../src/plan/plan.ts';
import type { ProbeStage } from '../../src/reporters/types.ts';
import type { RunResult } from '../../src/results/types.ts';
import type { Route } from '../../src/routes/route.ts';
import type { JournalEntry } from '../../src/run/journal.ts';
import { executeRun } from '../../src/run/run.ts';
import { offline } from '../analysis/support.ts';
import { FakeRoute, fakeConfig, fakeWatcher, MemoryJournal, scenario, World } from './fakes.ts';

interface Setup {
  route: (world: World) => Route;
  resolver?: Resolver;
  expect?: Parameters<typeof scenario>[0];
  timeoutMs?: number;
  world?: World;
  /** Runs on the empty run folder before the run. */
  prepare?(dir: string): Promise<void>;
  /** The run's journal (default: one in memory). */
  journal?: (dir: string) => MemoryJournal;
  bounces?: boolean;
}

async function run(setup: Setup) {
  const dir = await mkdtemp(join(tmpdir(), 'landed-execute-'));
  const world = setup.world ?? new World();
  await setup.prepare?.(dir);
  const config = fakeConfig(dir);
  if (setup.bounces) config.routes.get('relay')!.bounces = { imap: config.seeds.get('seed1')!.imap, folders: ['INBOX'] };
  const scenarios = [scenario(setup.expect, setup.timeoutMs)];
  const journal = setup.journal?.(dir) ?? new MemoryJournal();
  const watcher = fakeWatcher(world);
  let route: Route | undefined;
  const opened: string[] = [];
  const stages: ProbeStage[] = [];
  const plan = buildPlan(config, scenarios, { runId: 'r1' });
  const result = await executeRun(
    { plan },
    {
      config,
      scenarios,
      runDir: dir,
      reporter: { name: 'test', onProbe: (_p, stage) => void stages.push(stage) },
      signal: new AbortController().signal,
      redact: (s) => s.replaceAll('route-secret', '***'),
      ports: { routes: (id) => (opened.push(id), (route ??= setup.route(world))), watcher, resolver: setup.resolver ?? offline, clock: world.clock, journal },
    },
  );
  const probe = result.probes[0];
  return { result, probe, journal, route, opened, stages, dir, world, log: journal.of(probe.id) };
}

const written = async (dir: string): Promise<RunResult> => JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));

describe('executeRun with fake ports', () => {
  it('an application that accepted the probe and never delivered it: missing, in the application\'s words', async () => {
    const { probe } = await run({
      timeoutMs: 10_000,
      route: (world) => ({
        id: 'relay',
        send: async () => {
          const at = new Date(world.clock.now()).toISOString();
          return { status: 'accepted', stages: [{ stage: 'accepted', at }, { stage: 'sent', at }], smtp: { attempts: 1, retries: [], acceptedAt: at } };
        },
        close: async () => {},
      }),
    });
    expect(probe.placement).toBe('missing');
    const at = probe.stages![0]!.at;
    expect(probe.error).toBe(`accepted by the application at ${at}, never delivered: look at its mail queue (it last reported "sent" at ${at})`);
    expect(probe.stages?.map((s) => s.stage)).toEqual(['accepted', 'sent']);
  });

  it('a route that refuses: the probe is rejected with the code, nothing is watched for long, the journal says so', async () => {
    const { result, probe, log, route, opened, stages } = await run({ route: (w) => new FakeRoute('relay', w, 'refuse') });
    expect(opened).toEqual(['relay']);
    expect(probe.placement).toBe('rejected');
    expect(probe.smtp).toMatchObject({ code: 550, status: '5.7.1', response: '550 5.7.1 Message rejected as spam' });
    expect(probe.error).toBeUndefined();
    expect(log).toEqual(['planned', 'sent:rejected', 'final:rejected']);
    expect(probe.expectations).toEqual([{ check: 'placement', expected: 'inbox', actual: 'rejected', ok: false }]);
    expect(result.status).toBe('failed');
    expect(stages).toEqual(['sent', 'rejected']);
    expect((route as FakeRoute).closed).toBe(true);
  });

  it('the message a route gets carries the envelope, the bytes and the fields, decided before it', async () => {
    const { route } = await run({ route: (w) => new FakeRoute('relay', w, 'accept') });
    const [message] = (route as FakeRoute).sent;
    expect(message.envelope).toEqual({ mailFrom: 'sales@acme.test', rcptTo: ['seed1@seed.test'] });
    expect(message.recipient).toBe('seed1@seed.test');
    expect(message.fields.subject).toBe(`Invoice 42 [${message.probe.token}]`);
    expect(message.fields.token).toBe(message.probe.token);
    const raw = message.raw.toString();
    expect(raw).toContain(`Message-ID: ${message.fields.messageId}`);
    expect(raw).toContain(`X-Landed-Token: ${message.probe.token}`);
  });

  it('a connection dropped after DATA: never sent again, and the mailbox decides (found: inbox)', async () => {
    const { probe, log, route, result } = await run({ route: (w) => new FakeRoute('relay', w, 'drop-after-data') });
    expect((route as FakeRoute).sent).toHaveLength(1);
    expect(log).toEqual(['planned', 'sent:uncertain', 'found', 'final:inbox']);
    expect(probe.placement).toBe('inbox');
    expect(probe.smtp.acceptedAt).toBeUndefined();
    expect(result.status).toBe('passed');
  });

  it('a connection dropped after DATA, and nothing arrives: missing after the timeout, with the reason', async () => {
    const { probe, log, route } = await run({ route: (w) => new FakeRoute('relay', w, 'drop-after-data-lost'), timeoutMs: 60_000 });
    expect((route as FakeRoute).sent).toHaveLength(1);
    expect(log).toEqual(['planned', 'sent:uncertain', 'final:missing']);
    expect(probe.placement).toBe('missing');
    expect(probe.error).toMatch(/not found before the timeout; route relay has no bounce mailbox/);
  });

  it('a route that accepted and is still reporting at the deadline: sent, then missing, never a send error', async () => {
    const { probe, log } = await run({ route: (w) => new FakeRoute('relay', w, 'accept-then-follow'), timeoutMs: 60_000 });
    expect(log).toEqual(['planned', 'sent:accepted', 'final:missing']);
    expect(probe.smtp?.response).toBe('HTTP 202 queued');
  });

  it('a watcher that finds the message late, within the timeout: inbox, latency measured, maxLatency judged on it', async () => {
    const world = new World();
    world.deliveryDelayMs = 45_000;
    const { probe, log, result, dir } = await run({ world, route: (w) => new FakeRoute('relay', w, 'accept'), expect: { placement: 'inbox', maxLatency: '30s' } });
    expect(log).toEqual(['planned', 'sent:accepted', 'found', 'final:inbox']);
    expect(probe.placement).toBe('inbox');
    expect(probe.latencyMs).toBe(45_000);
    expect(probe.expectations).toEqual([
      { check: 'placement', expected: 'inbox', actual: 'inbox', ok: true },
      { check: 'maxLatency', expected: '<= 30s', actual: '45s', ok: false },
    ]);
    expect(result.status).toBe('failed');
    // Saved beside the analysis, not read back for it.
    expect(probe.messageFile).toBe('messages/invoice__relay__seed1.eml');
    expect((await readFile(join(dir, probe.messageFile!))).toString()).toContain(probe.token);
    expect((await written(dir)).probes[0].expectations).toEqual(probe.expectations);
    // The analysis went to analyses.jsonl as it was made: the result reads it from there, never holds it.
    expect(Object.getOwnPropertyDescriptor(probe, 'analysis')?.get).toBeTypeOf('function');
    const [line] = (await readFile(join(dir, 'analyses.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(line!)).toEqual({ id: probe.id, analysis: probe.analysis });
    expect((await written(dir)).probes[0].analysis).toEqual(probe.analysis);
  });

  it('a watcher that finds the message after the timeout: the probe is already missing and stays so', async () => {
    const world = new World();
    world.deliveryDelayMs = 200_000;
    const { probe, log } = await run({ world, route: (w) => new FakeRoute('relay', w, 'accept'), timeoutMs: 60_000 });
    expect(log).toEqual(['planned', 'sent:accepted', 'final:missing']);
    expect(probe.placement).toBe('missing');
  });

  it('a resolver that times out: the receiver\'s verdicts still judge the probe, our own checks say temperror', async () => {
    const timesOut: Resolver = async (name) => {
      throw Object.assign(new Error(`queryTxt ETIMEOUT ${name}`), { code: 'ETIMEOUT' });
    };
    const { probe, log, result } = await run({ route: (w) => new FakeRoute('relay', w, 'accept'), resolver: timesOut, expect: { placement: 'inbox', spf: 'pass', dmarc: 'pass' } });
    expect(log).toEqual(['planned', 'sent:accepted', 'found', 'final:inbox']);
    expect(probe.auth).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });
    expect(probe.analysis?.verified.spf.result).toBe('temperror');
    expect(probe.analysis?.problems.join('\n')).toMatch(/DNS lookup failed/);
    expect(probe.expectations.every((e) => e.ok)).toBe(true);
    expect(result.status).toBe('passed');
  });

  it('a bounce: rejected, reported to the reporters as `bounced`, with the DSN in the result', async () => {
    const world = new World();
    world.bounces.add('all');
    const { probe, log, stages } = await run({ world, bounces: true, route: (w) => new FakeRoute('relay', w, 'accept') });
    expect(log).toEqual(['planned', 'sent:accepted', 'bounced', 'final:rejected']);
    expect(probe.placement).toBe('rejected');
    expect(probe.bounce).toMatchObject({ code: 550, status: '5.1.1' });
    expect(stages).toEqual(['sent', 'bounced']);
  });

  it('the found message is analysed as fetched, even when it cannot be saved', async () => {
    // A file where the messages folder should be: saving fails, the analysis does not need the copy.
    const { probe, log } = await run({ route: (w) => new FakeRoute('relay', w, 'accept'), prepare: (dir) => writeFile(join(dir, 'messages'), '') });
    // Journaled before the message is written (detection does not wait for the disk), then corrected.
    expect(log).toEqual(['planned', 'sent:accepted', 'found', 'final:inbox', 'found']);
    expect(probe.messageFile).toBeUndefined();
    expect(probe.error).toMatch(/could not save the message/);
    expect(probe.auth.dmarc).toBe('pass');
    expect(probe.analysis?.receiver.authservId).toBe('mx.seed.test');
  });

  it('a found probe is journaled first, its message written once the line is durable; the file is there when the run ends', async () => {
    // Detection ends when the line is durable. A message written beside it would compete for libuv's four
    // threads: in a burst, fifty file writes queued ahead of the journal's write and fdatasync delay them all.
    const fileWhenJournaled: boolean[] = [];
    const fileWhenDurable: boolean[] = [];
    const journal = (dir: string) =>
      new (class extends MemoryJournal {
        override async record(entry: JournalEntry): Promise<void> {
          if (entry.type !== 'found') return super.record(entry);
          const file = join(dir, entry.messageFile ?? 'none');
          fileWhenJournaled.push(existsSync(file));
          await super.record(entry);
          await new Promise((resolve) => setTimeout(resolve, 100)); // a slow fdatasync: time enough for a write
          fileWhenDurable.push(existsSync(file));
        }
      })();
    const { probe, dir, log } = await run({ route: (w) => new FakeRoute('relay', w, 'accept'), journal });
    expect(fileWhenJournaled).toEqual([false]);
    expect(fileWhenDurable).toEqual([false]);
    expect(log).toEqual(['planned', 'sent:accepted', 'found', 'final:inbox']);
    expect(probe.detectionMs).toBeTypeOf('number');
    expect(existsSync(join(dir, probe.messageFile!))).toBe(true);
  });

  it('a route that cannot be opened ends its own probes as errors of the route, not refusals', async () => {
    const { probe, log } = await run({
      route: () => {
        throw new Error('no such route kind');
      },
    });
    expect(log).toEqual(['planned', 'sent:error', 'final:error']);
    expect(probe.placement).toBe('error');
    expect(probe.error).toBe('route relay: no such route kind');
  });
});
