import { appendFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Probe } from '../../src/plan/plan.ts';
import { Journal, readJournal, readJournalFile } from '../../src/run/journal.ts';
import { apply, pending, type RunStates } from '../../src/run/state.ts';

const probe = (id: string): Probe => ({ id, scenario: 's', route: id.split('/')[1], seed: id.split('/')[2], provider: 'imap', token: `landed-${'a'.repeat(16)}`, timeoutMs: 60_000, expect: {} });

describe('the run journal', () => {
  it('replays into the same states, so a resumed run sends only what was never sent', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'landed-journal-')), 'journal.jsonl');
    const journal = new Journal(file);
    void journal.record({ type: 'begin', runId: 'r1', startedAt: new Date().toISOString(), config: 'landed.yaml', scenarios: ['s'] });
    for (const id of ['s/relay/a', 's/relay/b', 's/erp/a', 's/erp/b']) void journal.record({ type: 'planned', probe: probe(id) });
    const accepted = { status: 'accepted' as const, smtp: { code: 250, attempts: 1, retries: [], acceptedAt: new Date().toISOString() } };
    void journal.record({ type: 'sent', id: 's/relay/a', outcome: accepted });
    void journal.record({ type: 'sent', id: 's/relay/b', outcome: accepted });
    void journal.record({ type: 'final', id: 's/relay/b', placement: 'inbox' });
    void journal.record({ type: 'sent', id: 's/erp/a', outcome: { status: 'rejected', smtp: { code: 550, attempts: 1, retries: [] } } });
    await journal.record({ type: 'final', id: 's/erp/a', placement: 'rejected' });
    await journal.close();
    // The process died in the middle of writing the next line.
    appendFileSync(file, '{"type":"sent","id":"s/erp/b","outc');

    const states: RunStates = new Map();
    for (const entry of readJournal(file)) apply(states, entry);
    const { toSend, waiting } = pending(states);
    expect(toSend.map((s) => s.probe.id)).toEqual(['s/erp/b']);
    expect(waiting.map((s) => s.probe.id)).toEqual(['s/relay/a']);
    expect(waiting[0].deadline).toBeGreaterThan(Date.now());
    expect(states.get('s/relay/b')!.final).toEqual({ placement: 'inbox', error: undefined });
  });
});

describe('a torn or damaged journal (issue 13 finding 4)', () => {
  const begin = { type: 'begin' as const, runId: 'r1', startedAt: '2026-01-01T00:00:00Z', config: 'landed.yaml', scenarios: ['s'] };
  const accepted = { status: 'accepted' as const, smtp: { code: 250, attempts: 1, retries: [], acceptedAt: new Date().toISOString() } };

  it('repairs a torn tail before appending, so the next resume still reads every line after it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'landed-journal-')), 'journal.jsonl');
    const first = new Journal(file);
    await first.record(begin);
    for (const id of ['s/relay/a', 's/relay/b']) await first.record({ type: 'planned', probe: probe(id) });
    await first.close();
    appendFileSync(file, '{"type":"sent","id":"s/relay/a","outc'); // died mid-write
    // The resume appends: its lines must not be glued onto the torn one.
    const resumed = new Journal(file);
    await resumed.record({ type: 'resumed', at: '2026-01-01T00:01:00Z' });
    await resumed.record({ type: 'sent', id: 's/relay/a', outcome: accepted });
    await resumed.close();

    const { entries, badLines } = readJournalFile(file);
    expect(entries.map((e) => e.type)).toEqual(['begin', 'planned', 'planned', 'resumed', 'sent']);
    expect(badLines).toEqual([4]);
    const states: RunStates = new Map();
    for (const entry of entries) apply(states, entry);
    expect(pending(states).toSend.map((s) => s.probe.id)).toEqual(['s/relay/b']);
  });

  it('skips and reports a bad middle line instead of stopping at it (nothing sent twice)', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'landed-journal-')), 'journal.jsonl');
    const lines = [begin, ...['a', 'b', 'c'].map((s) => ({ type: 'planned', probe: probe(`s/relay/${s}`) }))].map((e) => JSON.stringify(e));
    lines.push('garbage{', ...['a', 'b', 'c'].map((s) => JSON.stringify({ type: 'sent', id: `s/relay/${s}`, outcome: accepted })), '"a string"');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { entries, badLines } = readJournalFile(file);
    expect(badLines).toEqual([5, 9]);
    const states: RunStates = new Map();
    for (const entry of entries) apply(states, entry);
    expect(pending(states).toSend).toEqual([]);
    expect(readJournal(file)).toEqual(entries);
  });
});

describe('journal durability and send ordering (issue 13 mutation checks)', () => {
  it('record() resolves only after the line was written and fdatasync-ed', async () => {
    const { open } = await import('node:fs/promises');
    const { vi } = await import('vitest');
    const dir = await mkdtemp(join(tmpdir(), 'landed-journal-'));
    const probeHandle = await open(join(dir, 'x'), 'w');
    const proto = Object.getPrototypeOf(probeHandle) as { datasync(): Promise<void> };
    await probeHandle.close();
    const synced = vi.spyOn(proto, 'datasync');
    try {
      const journal = new Journal(join(dir, 'journal.jsonl'));
      await journal.record({ type: 'resumed', at: 'now' });
      expect(synced).toHaveBeenCalled();
      await journal.close();
    } finally {
      synced.mockRestore();
    }
  });

  it('a route worker sends its next probe only once the previous `sent` is durable', async () => {
    const { sendAll } = await import('../../src/run/send.ts');
    const states = ['a', 'b', 'c', 'd', 'e'].map((s) => ({ probe: probe(`s/relay/${s}`), notes: [] as string[] }));
    const sends: string[] = [];
    const durable: Array<() => void> = [];
    const config = { seeds: new Map(states.map((s) => [s.probe.seed, { id: s.probe.seed, address: `${s.probe.seed}@example.test` }])), routes: new Map([['relay', { id: 'relay', from: 'a@acme.test', smtp: { host: 'x' } }]]) };
    const done = sendAll(states as never, {
      config: config as never,
      scenarios: new Map([['s', { name: 's', message: { subject: 'x', text: 'y' } }]]) as never,
      routes: () => ({ id: 'relay', send: async (m: { fields: { to: string } }) => (sends.push(m.fields.to), { status: 'accepted', smtp: { code: 250, attempts: 1, retries: [] } }), close: async () => {} }) as never,
      signal: new AbortController().signal,
      record: (entry) => (entry.type === 'sent' ? new Promise<void>((resolve) => durable.push(resolve)) : Promise.resolve()),
      redact: (t) => t,
    });
    for (let i = 0; i < 50 && durable.length < 3; i++) await new Promise((r) => setImmediate(r));
    // Three workers, three sends, none of whose `sent` is on disk yet: nothing more goes out.
    expect(sends).toHaveLength(3);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(sends).toHaveLength(3);
    durable.shift()!();
    for (let i = 0; i < 50 && sends.length < 4; i++) await new Promise((r) => setImmediate(r));
    expect(sends).toHaveLength(4);
    for (let i = 0; i < 100 && sends.length < 5; i++) {
      durable.splice(0).forEach((d) => d());
      await new Promise((r) => setImmediate(r));
    }
    durable.splice(0).forEach((d) => d());
    await done;
    expect(sends).toHaveLength(5);
  });
});
