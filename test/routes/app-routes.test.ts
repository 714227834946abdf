/** The application routes (http, command) against a local HTTP server and real child processes. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedRoute } from '../../src/config/types.ts';
import { CommandRoute } from '../../src/routes/command.ts';
import { HttpRoute } from '../../src/routes/http.ts';
import type { RouteMessage } from '../../src/routes/route.ts';

let server: Server;
let base: string;
const received: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/ok') return res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"m-1","state":"queued"}');
      if (req.url === '/status/m-1') return res.writeHead(200).end('{"state":"sent"}');
      if (req.url === '/rpc-error') return res.writeHead(200).end('{"jsonrpc":"2.0","id":1,"error":{"message":"Access Denied"}}');
      if (req.url === '/500') return res.writeHead(500).end('boom \u001b[31mred\u0007 and more');
      if (req.url === '/slow') return; // never answers
      res.writeHead(404).end('not here');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.closeAllConnections() ?? server?.close());

const message: RouteMessage = {
  probe: { id: 's/r/seed', scenario: 's', route: 'r', seed: 'seed', provider: 'imap', token: 'landed-abcdefghijklmnop' },
  recipient: 'seed@acme.test',
  envelope: { mailFrom: 'orders@acme.test', rcptTo: ['seed@acme.test'] },
  raw: Buffer.from('Subject: x\r\n\r\nhello\r\n'),
  fields: { from: 'Orders <orders@acme.test>', to: 'seed@acme.test', subject: 'Order "1" [landed-abcdefghijklmnop]', text: 'line1\nline2', messageId: '<id@acme.test>', token: 'landed-abcdefghijklmnop' },
};
const base_route: Omit<ResolvedRoute, 'id'> = { from: 'Orders <orders@acme.test>', dkimSelectors: [], retry: { attempts: 1, firstDelayMs: 0, maxDelayMs: 0 } };
const http = (path: string, extra: Partial<NonNullable<ResolvedRoute['http']>> = {}) =>
  new HttpRoute({ ...base_route, id: 'erp', http: { url: `${base}${path}`, method: 'POST', headers: { authorization: 'Bearer t0ken' }, timeoutMs: 1000, ...extra } });
const signal = new AbortController().signal;

describe('http route', () => {
  it('fills the body template as JSON, takes a 2xx as accepted, follows the status URL into stages', async () => {
    const outcome = await http('/ok', { body: { to: '{{to}}', subject: '{{subject}}', text: '{{text}}', ref: 'token {{token}}' }, status: `${base}/status/{{id}}` }).send(message, signal);
    expect(outcome).toMatchObject({ status: 'accepted', smtp: { queueId: 'm-1', response: 'HTTP 202 {"id":"m-1","state":"queued"}' } });
    expect(outcome.status === 'accepted' && outcome.stages!.map((s) => s.stage)).toEqual(['accepted', 'sent']);
    const sent = received.find((r) => r.url === '/ok')!;
    expect(JSON.parse(sent.body)).toEqual({ to: 'seed@acme.test', subject: 'Order "1" [landed-abcdefghijklmnop]', text: 'line1\nline2', ref: 'token landed-abcdefghijklmnop' });
    expect(sent.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer t0ken' });
  });

  it('500, 404, a JSON-RPC error and no answer: each an error with the status and the first bytes, control characters gone', async () => {
    const failed = await http('/500').send(message, signal);
    expect(failed).toMatchObject({ status: 'error', error: 'route erp: the application answered HTTP 500, not 2xx: boom  [31mred  and more' });
    expect(await http('/nothing').send(message, signal)).toMatchObject({ status: 'error', error: 'route erp: the application answered HTTP 404, not 2xx: not here' });
    expect(await http('/rpc-error').send(message, signal)).toMatchObject({ status: 'error', error: expect.stringContaining('JSON-RPC error: {"jsonrpc":"2.0","id":1,"error":{"message":"Access Denied"}}') });
    expect(await http('/slow').send(message, signal)).toMatchObject({ status: 'error', error: 'route erp: no answer from the application within 1s' });
  });
});

describe('command route', () => {
  const command = (script: string, timeoutMs = 5000) => new CommandRoute({ ...base_route, id: 'cli', command: { run: [process.execPath, '-e', script], env: { EXTRA: 'x1' }, cwd: process.cwd(), timeoutMs } });

  it('gives the probe as JSON on stdin; exit 0 is accepted, with the id it prints', async () => {
    const outcome = await command('let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s);process.stdout.write(JSON.stringify({id:p.token+"-"+process.env.EXTRA}))})').send(message, signal);
    expect(outcome).toMatchObject({ status: 'accepted', smtp: { queueId: 'landed-abcdefghijklmnop-x1' }, stages: [{ stage: 'accepted' }] });
  });

  it('a non-zero exit, a command that hangs and one that does not exist: errors that say which', async () => {
    expect(await command('process.stderr.write("queue full\\u001b[2J");process.exitCode=3').send(message, signal)).toMatchObject({ status: 'error', error: expect.stringMatching(/the command exited with 3, not 0: queue full \[2J$/) });
    expect(await command('setTimeout(()=>{}, 60000)', 500).send(message, signal)).toMatchObject({ status: 'error', error: expect.stringContaining('no exit within 0.5s; stopped') });
    const missing = new CommandRoute({ ...base_route, id: 'cli', command: { run: ['/nonexistent/erp-send'], env: {}, cwd: process.cwd(), timeoutMs: 1000 } });
    expect(await missing.send(message, signal)).toMatchObject({ status: 'error', error: expect.stringContaining('cannot run the command') });
  });
});
