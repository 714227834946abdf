import { createServer, type Server } from 'node:https';
import type { DaemonContext, Part } from './daemon-context.ts';

/** Where the lab's one-click unsubscribe endpoint listens: https://<the lab's DNS address>:8443/u/<list-id>. */
export const LAB_UNSUBSCRIBE_PORT = 8443;
const MAX_BODY = 4096;

/**
 * A sender's RFC 8058 one-click unsubscribe endpoint, for tests of `landed run --unsubscribe-check`: a POST
 * whose body is exactly `List-Unsubscribe=One-Click` (form-encoded) gets 200; any other request 400, a GET
 * 405 (a GET must never unsubscribe: link scanners fetch URLs). Each request is an event, with whether it
 * carried a cookie (RFC 8058 says it must not).
 */
export class UnsubscribeEndpoint implements Part {
  readonly name = 'unsubscribe';
  running = false;
  readonly #ctx: DaemonContext;
  #server?: Server;

  constructor(ctx: DaemonContext) {
    this.#ctx = ctx;
  }

  async start(): Promise<void> {
    const server = createServer({ key: this.#ctx.tls.key, cert: this.#ctx.tls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').trim();
        const oneClick = req.method === 'POST' && size <= MAX_BODY && body === 'List-Unsubscribe=One-Click' && /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
        const status = req.method === 'GET' ? 405 : oneClick ? 200 : 400;
        this.#ctx.events.add({ part: this.name, kind: 'unsubscribe', detail: `${req.method} ${String(req.url).slice(0, 200)} -> ${status}${req.headers.cookie ? ' (with a cookie)' : ''}` });
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'unsubscribed\n' : 'not a one-click unsubscribe request\n');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(LAB_UNSUBSCRIBE_PORT, this.#ctx.state.world.dns.address, () => resolve());
    });
    this.#server = server;
    this.running = true;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.running = false;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
