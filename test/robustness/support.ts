/** A project folder with a landed.yaml whose route and seed point at a closed port: commands that must refuse
 * before any network use can run without a lab. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'landed-paths-'));
  writeFileSync(
    join(dir, 'landed.yaml'),
    'routes:\n  relay: { smtp: { host: 127.0.0.1, port: 9, security: none }, from: "a@acme.test" }\n' +
      'seeds:\n  s1: { address: s1@example.test, imap: { host: 127.0.0.1, port: 9, security: none, auth: { pass: secret-pass } } }\n' +
      'scenarios: scenarios\n',
  );
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(join(dir, 'scenarios', 'hello.yaml'), 'routes: [relay]\nmessage: { subject: hi, text: hello }\ntimeout: 5s\n');
  return dir;
}


/**
 * A minimal SMTP server that takes every message (or, `silent`, accepts the connection and never says a word:
 * a tarpit). `onMessage` runs before the 250 of each DATA, so a test can change the world between two sends.
 */
export async function smtpSink(options: { silent?: boolean; onMessage?(count: number): void } = {}): Promise<{ port: number; messages: number; connections: number; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const state = { port: 0, messages: 0, connections: 0, close: async () => {} };
  const server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.silent) return;
    socket.write('220 sink ESMTP\r\n');
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          state.messages++; // counted apart: `f?.(++n)` would not count when there is no f
          options.onMessage?.(state.messages);
          socket.write('250 2.0.0 Ok: queued\r\n');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const verb = buffer.slice(0, end).split(' ')[0]!.toUpperCase();
        buffer = buffer.slice(end + 2);
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') (inData = true), socket.write('354 go on\r\n');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 Ok\r\n');
      }
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  state.port = (server.address() as { port: number }).port;
  state.close = () => new Promise((done) => {
    for (const s of sockets) s.destroy();
    server.close(() => done());
  });
  return state;
}

/**
 * A project whose route is the SMTP server at `port` and whose `seeds` seeds are IMAP servers at `imapPort`
 * (default: a closed port).
 */
export function sinkProject(port: number, seeds: number, options: { scenario?: string; imapPort?: number } = {}): string {
  const scenario = options.scenario ?? 'routes: [relay]\nmessage: { subject: hi, text: hello }\ntimeout: 5s\n';
  const dir = mkdtempSync(join(tmpdir(), 'landed-sink-'));
  const imap = `{ host: 127.0.0.1, port: ${options.imapPort ?? 9}, security: none, auth: { user: u, pass: secret-pass } }`;
  const seedLines = Array.from({ length: seeds }, (_, i) => `  s${i}: { address: s${i}@example.test, imap: ${imap} }\n`);
  writeFileSync(
    join(dir, 'landed.yaml'),
    `routes:\n  relay: { smtp: { host: 127.0.0.1, port: ${port}, security: none }, from: "a@acme.test" }\nseeds:\n${seedLines.join('')}scenarios: scenarios\n`,
  );
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(join(dir, 'scenarios', 'hello.yaml'), scenario);
  return dir;
}

/**
 * A minimal IMAP server with one folder (INBOX) holding one message that matches every search. `hangFetch`:
 * a FETCH is accepted and never answered (a hung server); otherwise every search finds nothing new.
 */
export async function imapStub(options: { hangFetch?: boolean } = {}): Promise<{ port: number; lines: string[]; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const lines: string[] = [];
  const caps = 'IMAP4rev1 IDLE UIDPLUS';
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(`* OK [CAPABILITY ${caps}] stub ready\r\n`);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let end; (end = buffer.indexOf('\r\n')) >= 0; ) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        const [tag = '', first = '', second = ''] = line.split(' ');
        const command = (first.toUpperCase() === 'UID' ? second : first).toUpperCase();
        const ok = (text = 'done') => socket.write(`${tag} OK ${text}\r\n`);
        if (line === 'DONE') continue;
        switch (command) {
          case 'CAPABILITY': socket.write(`* CAPABILITY ${caps}\r\n`); ok(); break;
          case 'LOGIN': ok(`[CAPABILITY ${caps}] logged in`); break;
          case 'LIST': socket.write('* LIST (\\HasNoChildren) "/" INBOX\r\n'); ok(); break;
          case 'SELECT':
          case 'EXAMINE':
            socket.write('* FLAGS (\\Seen)\r\n* 1 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 2] n\r\n');
            ok(command === 'SELECT' ? '[READ-WRITE] selected' : '[READ-ONLY] examined');
            break;
          case 'SEARCH': socket.write(options.hangFetch ? '* SEARCH 1\r\n' : '* SEARCH\r\n'); ok(); break;
          case 'FETCH': if (!options.hangFetch) ok(); break; // hung: accepted, never answered
          case 'IDLE': socket.write('+ idling\r\n'); break;
          case 'LOGOUT': socket.write('* BYE\r\n'); ok(); socket.end(); break;
          default: ok();
        }
      }
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    port: (server.address() as { port: number }).port,
    lines,
    close: () => new Promise((done) => {
      for (const s of sockets) s.destroy();
      server.close(() => done());
    }),
  };
}
