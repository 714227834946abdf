/**
 * collectProbes (src/mailboxes/watch/probes.ts) against a scripted IMAP client: which commands a batch costs
 * (the detection latency of every probe in it), when a probe is claimed, and when it may be cleaned up.
 */
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { collectProbes, FIRST_BYTES, type ProbeBatchContext } from '../../src/mailboxes/watch/probes.ts';
import type { FoundProbe } from '../../src/mailboxes/watch/types.ts';
import { probeMessage, tokens } from './fixtures/seeds.ts';

interface Stored {
  uid: number;
  raw: Buffer;
  subject: string;
}

type Query = { source?: { maxLength?: number }; envelope?: boolean; headers?: unknown };

/** A folder of messages behind the few ImapFlow calls collectProbes makes; every command is logged, and what it asked for. */
function scriptedClient(messages: Stored[], log: string[], asked: string[][] = []) {
  // Only what the query asks for, as a server answers: no envelope unless asked.
  const view = (m: Stored, query: Query): FetchMessageObject =>
    ({ uid: m.uid, seq: m.uid, size: m.raw.length, internalDate: new Date(), envelope: query.envelope ? { subject: m.subject } : undefined, source: query.source ? m.raw.subarray(0, query.source.maxLength) : undefined }) as FetchMessageObject;
  // "N:*" as a server reads it: every UID from N up, or the highest UID when none is that high (RFC 3501 6.4.8).
  const pick = (range: string) => {
    const from = /^(\d+):\*$/.exec(range)?.[1];
    if (!from) return messages.filter((m) => range.split(',').map(Number).includes(m.uid));
    const above = messages.filter((m) => m.uid >= Number(from));
    return above.length > 0 ? above : messages.slice(-1);
  };
  return {
    async fetchAll(range: string, query: Query) {
      asked.push(Object.keys(query).sort());
      log.push(`FETCH ${range}${query.source ? ` source<${query.source.maxLength}>` : ''}`);
      return pick(range).map((m) => view(m, query));
    },
    async *fetch(range: string, query: Query) {
      asked.push(Object.keys(query).sort());
      log.push(`FETCH ${range}${query.source ? ` source<${query.source.maxLength}>` : ''}`);
      for (const m of pick(range)) yield view(m, query);
    },
    async fetchOne(uid: string) {
      log.push(`FETCH ONE ${uid}`);
      return false;
    },
    close() {},
  } as unknown as ImapFlow;
}

const stored = (uid: number, token: string, bodyBytes = 0): Stored => ({ uid, raw: Buffer.from(probeMessage(token, { bodyBytes })), subject: `Your quote [${token}]` });

function context(wanted: string[], overrides: Partial<ProbeBatchContext> = {}): ProbeBatchContext & { handed: FoundProbe[] } {
  const handed: FoundProbe[] = [];
  return {
    seedId: 'seed1',
    folder: 'INBOX',
    placement: 'inbox',
    wanted: new Set(wanted),
    readTabs: false,
    maxMessageBytes: 25 * 1024 * 1024,
    opTimeoutMs: 10_000,
    noticedAt: new Date(),
    onFound: (probe) => void handed.push(probe),
    handed,
    ...overrides,
  };
}

describe('a batch of found probes (issue 18: detection)', () => {
  it('ordinary probes cost one FETCH for the whole batch, however many there are', async () => {
    const awaited = tokens(5);
    const log: string[] = [];
    const ctx = context(awaited);
    await collectProbes(scriptedClient(awaited.map((t, i) => stored(i + 1, t)), log), { uids: [1, 2, 3, 4, 5] }, ctx);
    expect(log).toEqual([`FETCH 1,2,3,4,5 source<${FIRST_BYTES}>`]);
    expect(ctx.handed.map((f) => f.token)).toEqual(awaited);
    for (const found of ctx.handed) expect(found.raw.toString()).toContain(`Hello, this is probe ${found.token}.`);
    expect(ctx.wanted.size).toBe(0);
  });

  it('hands each probe over as its part of the answer arrives, not once the whole batch is in', async () => {
    const awaited = tokens(2);
    const events: string[] = [];
    const [first, second] = awaited.map((t, i) => stored(i + 1, t));
    const view = (m: Stored) => ({ uid: m.uid, size: m.raw.length, internalDate: new Date(), source: m.raw }) as FetchMessageObject;
    // The server sends the batch's first message, then takes a while over the rest of its answer.
    async function* answer() {
      yield view(first!);
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push('rest of the answer');
      yield view(second!);
    }
    const client = {
      fetch: answer,
      async fetchAll() {
        const all: FetchMessageObject[] = [];
        for await (const m of answer()) all.push(m);
        return all;
      },
      close() {},
    } as unknown as ImapFlow;
    const ctx = context(awaited, { onFound: (probe) => void events.push(`found ${probe.uid}`) });
    await collectProbes(client, { uids: [1, 2] }, ctx);
    expect(events).toEqual(['found 1', 'rest of the answer', 'found 2']);
  });

  it('reads each token from the fetched source (an encoded Subject, else X-Landed-Token), so the server builds no envelope', async () => {
    const [encoded, inHeader, inBody] = tokens(3);
    // The Subject as a long one is sent: two encoded words, the token cut between them.
    const words = (text: string) => [text.slice(0, 20), text.slice(20)].map((part) => `=?UTF-8?B?${Buffer.from(part).toString('base64')}?=`).join('\r\n ');
    const message = (subject: string, header: string, body = '') => Buffer.from(`From: a@acme.example\r\nSubject: ${subject}\r\nX-Landed-Token: ${header}\r\n\r\nHello ${body}\r\n`);
    const folder: Stored[] = [
      { uid: 1, raw: message(words(`Angebot für Sie [${encoded}]`), 'none'), subject: '' },
      { uid: 2, raw: message('Fwd: your quote', inHeader!), subject: '' },
      // Another probe's token quoted in a body names no probe: only the Subject and the header count.
      { uid: 3, raw: message('Re: quote', 'none', inBody), subject: '' },
    ];
    const asked: string[][] = [];
    const ctx = context([encoded!, inHeader!, inBody!]);
    await collectProbes(scriptedClient(folder, [], asked), { uids: [1, 2, 3] }, ctx);
    expect(ctx.handed.map((f) => [f.uid, f.token])).toEqual([[1, encoded], [2, inHeader]]);
    expect(asked).toEqual([['internalDate', 'size', 'source', 'uid']]);
  });

  it('after the server announced new mail: one FETCH of every UID past the last seen, and it says the highest', async () => {
    const [seen, fresh] = tokens(2);
    const log: string[] = [];
    const folder = [stored(4, seen!), stored(5, fresh!)];
    const ctx = context([fresh!], { found: new Set([seen!]) });
    expect(await collectProbes(scriptedClient(folder, log), { above: 4 }, ctx)).toBe(5);
    expect(log).toEqual([`FETCH 5:* source<${FIRST_BYTES}>`]);
    expect(ctx.handed.map((f) => [f.uid, f.token, Boolean(f.copy)])).toEqual([[5, fresh, false]]);
    // Nothing new after all: "6:*" brings UID 5 back, which is neither a find nor a copy of itself.
    expect(await collectProbes(scriptedClient(folder, []), { above: 5 }, ctx)).toBeUndefined();
    expect(ctx.handed).toHaveLength(1);
  });

  it('a probe larger than the first FETCH brings is fetched again whole, the small ones of its batch are not', async () => {
    const [small, large] = tokens(2);
    const log: string[] = [];
    const ctx = context([small!, large!]);
    await collectProbes(scriptedClient([stored(1, small!), stored(2, large!, FIRST_BYTES * 2)], log), { uids: [1, 2] }, ctx);
    expect(log).toEqual([`FETCH 1,2 source<${FIRST_BYTES}>`, `FETCH 2 source<${25 * 1024 * 1024}>`]);
    const byToken = new Map(ctx.handed.map((f) => [f.token, f]));
    expect(byToken.get(large!)!.raw.length).toBeGreaterThan(FIRST_BYTES * 2);
    expect(byToken.get(large!)!.truncated).toBe(false);
  });

  it('a message above the size cap is handed over cut and marked truncated, from the first FETCH when the cap is lower', async () => {
    const [token] = tokens(1);
    const log: string[] = [];
    const ctx = context([token!], { maxMessageBytes: 1024 });
    await collectProbes(scriptedClient([stored(1, token!, 4096)], log), { uids: [1] }, ctx);
    expect(log).toEqual(['FETCH 1 source<1024>']);
    expect(ctx.handed[0]).toMatchObject({ token, truncated: true });
    expect(ctx.handed[0]!.raw.length).toBe(1024);
  });

  it('a message whose whole source never comes stays awaited (claimed only once its source is here)', async () => {
    const [token] = tokens(1);
    const log: string[] = [];
    const big = stored(7, token!, FIRST_BYTES * 2);
    const client = scriptedClient([big], log);
    // Expunged by another client between the two FETCHes: the second one answers nothing.
    (client as unknown as { fetch: () => AsyncGenerator<never> }).fetch = async function* () {};
    const ctx = context([token!]);
    await collectProbes(client, { uids: [7] }, ctx);
    expect(ctx.handed).toEqual([]);
    expect(ctx.wanted.has(token!)).toBe(true);
  });

  it('the same token twice in one batch: the first is the find, the second a copy when copies are counted', async () => {
    const [token] = tokens(1);
    const ctx = context([token!], { found: new Set() });
    await collectProbes(scriptedClient([stored(3, token!), stored(4, token!)], []), { uids: [3, 4] }, ctx);
    expect(ctx.handed.map((f) => [f.uid, Boolean(f.copy)])).toEqual([[3, false], [4, true]]);
  });

  it('cleans up the batch in one command, and only once every probe of it is recorded', async () => {
    const awaited = tokens(3);
    const log: string[] = [];
    const recorded: Array<() => void> = [];
    const ctx = context(awaited, {
      onFound: (probe) => new Promise<void>((resolve) => recorded.push(() => (log.push(`recorded ${probe.uid}`), resolve()))),
      cleanup: async (_client, uids) => void log.push(`cleanup ${uids.join(',')}`),
    });
    const batch = collectProbes(scriptedClient(awaited.map((t, i) => stored(i + 1, t)), log), { uids: [1, 2, 3] }, ctx);
    while (recorded.length < 3) await new Promise((r) => setImmediate(r));
    expect(log.some((l) => l.startsWith('cleanup'))).toBe(false);
    for (const done of recorded) done();
    await batch;
    expect(log.slice(1)).toEqual(['recorded 1', 'recorded 2', 'recorded 3', 'cleanup 1,2,3']);
  });
});
