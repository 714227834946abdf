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
