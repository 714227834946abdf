import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from './fixtures/dovecot.ts';
import { probeMessage, seedFor, startWatch, tokens } from './fixtures/seeds.ts';

let server: Dovecot;
let noIdle: Dovecot;
const USERS = { idle: 'pw1', poll: 'pw2', single: 'pw3', big: 'pw4', clean: 'pw5', move: 'pw6', stop: 'pw7', twice: 'pw8', notice: 'pw9', quick: 'pw10', logins: 'pw11' };

beforeAll(async () => {
  const folders = [{ name: 'Junk', specialUse: '\\Junk' }, { name: 'Processed' }];
  [server, noIdle] = await Promise.all([startDovecot({ users: USERS, folders }), startDovecot({ users: USERS, folders, idle: false })]);
});
afterAll(async () => {
  await Promise.all([server?.destroy(), noIdle?.destroy()]);
});

function watch(dovecot: Dovecot, user: string, awaited: string[], seedOverrides = {}, timing = {}) {
  return startWatch(seedFor(`seed-${user}`, dovecot.endpoint(user), seedOverrides), awaited, timing);
}

async function count(dovecot: Dovecot, user: string, folder: string): Promise<number> {
  const client = new ImapFlow({ ...dovecot.endpoint(user), secure: false, doSTARTTLS: false, logger: false, auth: { user, pass: USERS[user as keyof typeof USERS] } });
  await client.connect();
  const status = await client.status(folder, { messages: true });
  await client.logout();
  return status ? (status.messages ?? 0) : -1;
}

describe('watchSeed against Dovecot with IDLE', () => {
  it('reports each awaited probe once with folder, placement, INTERNALDATE and raw message, ignoring earlier runs', async () => {
    const [inInbox, inJunk, lateOne] = tokens(3);
    const [oldRun] = tokens(1);
    await server.deliver('idle', 'INBOX', probeMessage(oldRun!)); // an earlier run's probe: not awaited
    const { recorder, handle } = watch(server, 'idle', [inInbox!, inJunk!, lateOne!]);
    await server.deliver('idle', 'INBOX', probeMessage(inInbox!));
    await server.deliver('idle', 'Junk', probeMessage(inJunk!));
    await server.deliver('idle', 'INBOX', 'Subject: lunch?\n\nnot a probe\n');
    await recorder.until(() => recorder.found.length === 2);
    // Arrives while the watcher idles on both folders.
    await server.deliver('idle', 'Junk', probeMessage(lateOne!, { subject: `[SPAM] ${lateOne!.toUpperCase()}` }));
    await handle.done; // ends by itself once everything awaited was found

    expect(recorder.tokens()).toEqual([inInbox, inJunk, lateOne].sort());
    const byToken = new Map(recorder.found.map((f) => [f.token, f]));
    expect(byToken.get(inInbox!)).toMatchObject({ folder: 'INBOX', placement: 'inbox', seedId: 'seed-idle', truncated: false });
    expect(byToken.get(inJunk!)).toMatchObject({ folder: 'Junk', placement: 'spam' });
    expect(byToken.get(lateOne!)).toMatchObject({ folder: 'Junk', placement: 'spam' });
    for (const found of recorder.found) {
      expect(found.raw.toString()).toContain(`Hello, this is probe ${found.token}.`);
      expect(Math.abs(found.internalDate.getTime() - Date.now())).toBeLessThan(120_000);
      expect(found.detectedAt.getTime()).toBeGreaterThanOrEqual(found.internalDate.getTime() - 1000);
    }
    expect(recorder.problems).toEqual([]);
  });

  it('reports a second copy of a found probe, in any folder, when asked to count copies', async () => {
    const [token, other] = tokens(2);
    const { recorder, handle, controller } = startWatch(seedFor('seed-twice', server.endpoint('twice')), [token!, other!], {}, true);
    await server.deliver('twice', 'INBOX', probeMessage(token!));
    await server.deliver('twice', 'INBOX', probeMessage(other!));
    await recorder.until(() => recorder.found.length === 2);
    // Everything awaited is found, yet the watch goes on: a copy may still come.
    await server.deliver('twice', 'Junk', probeMessage(token!));
    await recorder.until(() => recorder.found.length === 3);
    controller.abort();
    await handle.done;
    const copies = recorder.found.filter((f) => f.copy);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ token, folder: 'Junk', placement: 'spam', copy: true });
    expect(recorder.found.filter((f) => !f.copy).map((f) => f.token).sort()).toEqual([token, other].sort());
  });

  it('finds a probe by its X-Landed-Token header when the Subject lost the token', async () => {
    const [token] = tokens(1);
    const { recorder, handle } = watch(server, 'idle', [token!]);
    await server.deliver('idle', 'INBOX', probeMessage(token!, { subject: 'Fwd: landed-probe (subject rewritten)' }));
    await handle.done;
    expect(recorder.tokens()).toEqual([token]);
  });

  it('cuts a message above the size cap and says so', async () => {
    const [token] = tokens(1);
    const { recorder, handle } = watch(server, 'big', [token!], {}, { maxMessageBytes: 64 * 1024 });
    await server.deliver('big', 'INBOX', probeMessage(token!, { bodyBytes: 300 * 1024 }));
    await handle.done;
    expect(recorder.found[0]!.truncated).toBe(true);
    expect(recorder.found[0]!.raw.length).toBe(64 * 1024);
  });

  it('times each probe from the EXISTS that announced it, by its own clock', async () => {
    const awaited = tokens(3);
    const { recorder, handle } = watch(server, 'notice', awaited);
    const stored: number[] = [];
    for (const [i, token] of awaited.entries()) {
      await new Promise((r) => setTimeout(r, 300)); // idling again after the last one
      stored.push(Date.now());
      await server.deliver('notice', 'INBOX', probeMessage(token!));
      await recorder.until(() => recorder.found.length === i + 1);
    }
    await handle.done;
    const byToken = new Map(recorder.found.map((f) => [f.token, f]));
    // Announced after it was stored, never earlier (not the watch's start, not an earlier probe's EXISTS).
    awaited.forEach((token, i) => expect(byToken.get(token!)!.noticedAt.getTime()).toBeGreaterThanOrEqual(stored[i]!));
    for (const found of recorder.found) expect(found.detectedAt.getTime()).toBeGreaterThanOrEqual(found.noticedAt.getTime());
  });

  it('fetches what the server announced without searching first, also in a folder that was empty', async () => {
    const awaited = tokens(3);
    const { recorder, handle } = watch(server, 'quick', awaited);
    for (const [i, token] of awaited.entries()) {
      await new Promise((r) => setTimeout(r, 300)); // idling again after the last one
      if (i === 1) await server.deliver('quick', 'INBOX', 'Subject: lunch?\n\nnot a probe\n');
      await server.deliver('quick', 'INBOX', probeMessage(token!));
      await recorder.until(() => recorder.found.length === i + 1);
    }
    await handle.done;
    expect(recorder.tokens()).toEqual([...awaited].sort());
    // The INBOX session (EXAMINE: cleanup keep): one SEARCH when it first looked, then each announcement costs one FETCH past the last UID.
    const commands = (await server.commands('quick')).map((line) => line.replace(/^\S+ /, ''));
    const selected = commands.slice(commands.findIndex((c) => /^(SELECT|EXAMINE) "?INBOX/i.test(c)));
    const announced = selected.slice(selected.findIndex((c) => c === 'IDLE'), selected.findLastIndex((c) => /^UID FETCH/.test(c)) + 1);
    const fetched = announced.filter((c) => /^UID FETCH/.test(c)).map((c) => c.split(' ')[2]);
    expect(fetched.length).toBeGreaterThanOrEqual(3);
    expect(fetched[0]).toBe('1:*');
    for (const set of fetched) expect(set).toMatch(/^\d+:\*$/);
    expect(announced.filter((c) => /SEARCH/.test(c))).toEqual([]);
  });

  it('stops when the signal aborts, with probes still outstanding', async () => {
    const { recorder, handle, controller } = watch(server, 'stop', tokens(2));
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await handle.done;
    expect(recorder.found).toEqual([]);
    expect(recorder.problems).toEqual([]);
  });
});

describe('watchSeed without IDLE, or with one connection', () => {
  it('polls a server that does not offer IDLE', async () => {
    const [a, b] = tokens(2);
    const { recorder, handle } = watch(noIdle, 'poll', [a!, b!]);
    await noIdle.deliver('poll', 'INBOX', probeMessage(a!));
    await recorder.until(() => recorder.found.length === 1);
    await noIdle.deliver('poll', 'Junk', probeMessage(b!));
    await handle.done;
    expect(recorder.found.map((f) => [f.token, f.placement])).toEqual([[a, 'inbox'], [b, 'spam']]);
  });

  it('watches inbox and junk over a single connection when the seed allows only one', async () => {
    const [a, b] = tokens(2);
    const logins = (await server.log()).split('\n').filter((l) => l.includes('Login: user=<single>')).length;
    const { recorder, handle } = watch(server, 'single', [a!, b!], { maxConnections: 1 });
    await server.deliver('single', 'Junk', probeMessage(b!));
    await server.deliver('single', 'INBOX', probeMessage(a!));
    await handle.done;
    expect(recorder.tokens()).toEqual([a, b].sort());
    const after = (await server.log()).split('\n').filter((l) => l.includes('Login: user=<single>')).length;
    expect(after - logins).toBe(1); // the connection that found the folders watches them
  });

  it('logs in once per watched folder: the connection that found the folders goes on to watch the inbox', async () => {
    const [a, b] = tokens(2);
    const logins = async () => (await server.log()).split('\n').filter((l) => l.includes('Login: user=<logins>')).length;
    const before = await logins();
    const { recorder, handle } = watch(server, 'logins', [a!, b!]);
    await server.deliver('logins', 'INBOX', probeMessage(a!));
    await server.deliver('logins', 'Junk', probeMessage(b!));
    await handle.done;
    expect(recorder.found.map((f) => [f.token, f.placement]).sort()).toEqual([[a, 'inbox'], [b, 'spam']].sort());
    expect((await logins()) - before).toBe(2);
  });
});

describe('seed hygiene', () => {
  it('deletes found probes with cleanup: delete, from the inbox and from junk', async () => {
    const [a, b] = tokens(2);
    const { handle } = watch(server, 'clean', [a!, b!], { cleanup: 'delete' });
    await server.deliver('clean', 'INBOX', probeMessage(a!));
    await server.deliver('clean', 'Junk', probeMessage(b!));
    await handle.done;
    expect(await count(server, 'clean', 'INBOX')).toBe(0);
    expect(await count(server, 'clean', 'Junk')).toBe(0);
  });

  it('moves inbox probes with cleanup: move, but never moves anything out of junk', async () => {
    const [a, b] = tokens(2);
    const { recorder, handle } = watch(server, 'move', [a!, b!], { cleanup: 'move', cleanupFolder: 'Processed' });
    await server.deliver('move', 'INBOX', probeMessage(a!));
    await server.deliver('move', 'Junk', probeMessage(b!));
    await handle.done;
    expect(recorder.tokens()).toEqual([a, b].sort());
    expect(await count(server, 'move', 'INBOX')).toBe(0);
    expect(await count(server, 'move', 'Processed')).toBe(1);
    expect(await count(server, 'move', 'Junk')).toBe(1);
  });
});
