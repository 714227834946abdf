/**
 * Finding 6: a forged bounce decides nothing. The token is in every copy of the probe, so anyone can mail a
 * "DSN" carrying it to the bounce mailbox; only a notification from the route's own reporting MTA, or one
 * returning the probe's own Message-ID for its seed, makes a probe `rejected`. A delivery after a bounce wins,
 * and both are recorded. The collection runs on fake watchers (the run's ports); the DSN parsing on real
 * provider bounces.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.ts';
import { parseBounce } from '../../src/mailboxes/bounces/parse.ts';
import type { FoundBounce, FoundProbe, SeedWatch } from '../../src/mailboxes/watch.ts';
import type { Probe } from '../../src/plan/plan.ts';
import { startCollection } from '../../src/run/collect.ts';
import type { JournalEntry } from '../../src/run/journal.ts';
import { toProbeResult } from '../../src/run/probe-result.ts';
import { apply, type RunStates } from '../../src/run/state.ts';

const probe = (n: number): Probe => ({ id: `s/relay/seed${n}`, scenario: 's', route: 'relay', seed: `seed${n}`, provider: 'imap', token: `landed-${String(n).repeat(16)}`, timeoutMs: 60_000, expect: {} });
const accepted = { status: 'accepted' as const, smtp: { code: 250, attempts: 1, retries: [], acceptedAt: new Date().toISOString() } };
const idle: SeedWatch = { add() {}, stop: async () => {}, done: new Promise(() => {}) };

function collect(bounces: FoundBounce[], found: FoundProbe[] = []) {
  const states: RunStates = new Map();
  const entries: JournalEntry[] = [];
  /** Deliveries the seed watchers will report, run by the test after the bounces (a later delivery). */
  const deliveries: Array<() => void | Promise<void>> = [];
  const record = async (entry: JournalEntry) => {
    entries.push(entry);
    apply(states, entry);
  };
  for (const n of [1, 2, 3]) {
    void record({ type: 'planned', probe: probe(n) });
    void record({ type: 'sent', id: probe(n).id, outcome: accepted, envelopeFrom: 'bounces@acme.test', from: 'sales@acme.test', messageId: `<probe-${n}@acme.test>` });
  }
  const config = {
    seeds: new Map([1, 2, 3].map((n) => [`seed${n}`, { id: `seed${n}`, address: `seed${n}@example.test` }])),
    routes: new Map([['relay', { id: 'relay', smtp: { host: 'relay.acme.test' }, bounces: { imap: {}, folders: ['INBOX'] } }]]),
  } as unknown as ResolvedConfig;
  const collection = startCollection({
    config,
    states,
    runDir: mkdtempSync(join(tmpdir(), 'landed-dsn-')),
    since: new Date(),
    signal: new AbortController().signal,
    record,
    analyse: () => {},
    parseBounce,
    redact: (t) => t,
    info: () => {},
    watcher: {
      watchSeed: (_seed, options) => {
        for (const f of found) if ([...options.tokens].includes(f.token)) deliveries.push(() => options.onFound(f));
        return idle;
      },
      watchBounces: (_route, options) => {
        for (const b of bounces) void options.onBounce(b);
        return idle;
      },
    },
  });
  return { states, entries, collection, deliveries };
}

const bounce = (n: number, extra: Partial<FoundBounce>): FoundBounce => ({ token: probe(n).token, code: 550, status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 no such user', receivedAt: new Date(), ...extra });

describe('bounces that decide an outcome', () => {
  it('a forged DSN (token only, foreign reporting MTA) leaves the probe waiting and is noted; genuine ones reject', async () => {
    const { states, collection } = collect([
      bounce(1, { reportingMta: 'mx.attacker.example', recipient: 'seed1@example.test' }),
      bounce(2, { reportingMta: 'relay.acme.test' }),
      bounce(3, { reportingMta: 'mx.example.test', recipient: 'seed3@example.test', messageIds: ['<probe-3@acme.test>'] }),
    ]);
    await collection.stop();
    expect(states.get(probe(1).id)!.final).toBeUndefined();
    expect(toProbeResult(states.get(probe(1).id)!).notes.join(' ')).toMatch(/ignored a bounce .*mx\.attacker\.example/);
    expect(states.get(probe(2).id)!.final?.placement).toBe('rejected');
    expect(states.get(probe(3).id)!.final?.placement).toBe('rejected');
  });

  it('a DSN returning the Message-ID but for another recipient is not trusted', async () => {
    const { states, collection } = collect([bounce(1, { reportingMta: 'mx.example.test', recipient: 'victim@elsewhere.test', messageIds: ['<probe-1@acme.test>'] })]);
    await collection.stop();
    expect(states.get(probe(1).id)!.final).toBeUndefined();
  });

  it('a later delivery overrides a bounce, with both recorded', async () => {
    const raw = Buffer.from('Subject: hi\r\n\r\nbody');
    const now = new Date();
    const { states, collection, deliveries } = collect(
      [bounce(2, { reportingMta: 'relay.acme.test' })],
      [{ token: probe(2).token, folder: 'INBOX', placement: 'inbox', raw, internalDate: now, detectedAt: now, noticedAt: now } as FoundProbe],
    );
    expect(states.get(probe(2).id)!.final?.placement).toBe('rejected');
    for (const deliver of deliveries) await deliver();
    await collection.stop();
    const result = toProbeResult(states.get(probe(2).id)!);
    expect(result.placement).toBe('inbox');
    expect(result.bounce?.status).toBe('5.1.1');
    expect(result.notes.join(' ')).toMatch(/bounce came back .* delivered/);
  });

  it('the returned Message-ID is read from real provider bounces', async () => {
    const dir = join(import.meta.dirname, '../mailboxes/fixtures/bounces');
    const ids = await Promise.all(['postfix-rfc3464.eml', 'microsoft365-ndr.eml', 'gmail-dsn.eml'].map(async (f) => (await parseBounce(readFileSync(join(dir, f))))?.messageIds));
    expect(ids).toEqual([['<probe-1@acme.example>'], ['<probe-2@acme.example>'], ['<probe-4@acme.example>']]);
  });
});
