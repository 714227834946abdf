import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer, { type Transporter } from 'nodemailer';
import type { LabApp } from '../world-drills.ts';
import type { LabMta } from '../world.ts';
import type { DaemonContext, Part } from './daemon-context.ts';

/** A request body larger than this is refused (413): the lab never reads without a cap. */
const MAX_BODY_BYTES = 256 * 1024;
/** The queue keeps this many messages; older sent ones are forgotten first. */
const MAX_QUEUE = 10_000;
const WORKER_TICK_MS = 100;
const SEND_ATTEMPTS = 5;

interface QueuedMail {
  id: string;
  state: 'queued' | 'sent' | 'failed';
  to: string;
  from: string;
  subject: string;
  text?: string;
  html?: string;
  messageId?: string;
  queuedAt: string;
  sentAt?: string;
  /** The MTA's queue id(s) once handed over; two when the message was sent twice. */
  mtaQueueIds: string[];
  attempts: number;
  error?: string;
}

/**
 * The ERP-like application of the lab: `POST /api/mail` puts a message in its own queue (202 with its id),
 * a worker hands queued mail to the `erp` route's MTA, `GET /api/mail/ID` tells the message's state, as
 * Odoo's mail.mail does. Its knobs stop the worker, drop a message or send one twice: the failures nobody
 * sees without a central queue.
 */
export class ErpAppPart implements Part {
  readonly name: string;
  readonly #app: LabApp;
  readonly #mta: LabMta;
  readonly #ctx: DaemonContext;
  readonly #mail = new Map<string, QueuedMail>();
  #server?: Server;
  #worker?: AbortController;

  constructor(app: LabApp, mta: LabMta, ctx: DaemonContext) {
    this.name = `app:${app.id}`;
    this.#app = app;
    this.#mta = mta;
    this.#ctx = ctx;
  }

  get running(): boolean {
    return this.#server !== undefined;
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#app.port, this.#app.address, () => resolve());
    });
    this.#server = server;
    this.#worker = new AbortController();
    void this.#work(this.#worker.signal);
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#worker?.abort();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  }

  /** What `lab status` shows: messages waiting in the application's own queue. */
  queued(): number {
    return [...this.#mail.values()].filter((m) => m.state === 'queued').length;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (!this.#authorized(req)) return reply(401, { error: 'missing or wrong bearer token' });
      const path = new URL(req.url ?? '/', 'http://app').pathname;
      if (req.method === 'POST' && path === '/api/mail') return reply(202, this.#enqueue(await readJson(req)));
      const one = /^\/api\/mail\/([A-Za-z0-9]+)$/.exec(path);
      if (req.method === 'GET' && one) {
        const mail = this.#mail.get(one[1]);
        return mail ? reply(200, view(mail)) : reply(404, { error: `no message ${one[1]}` });
      }
      if (req.method === 'GET' && path === '/api/queue') {
        const all = [...this.#mail.values()];
        const count = (state: QueuedMail['state']) => all.filter((m) => m.state === state).length;
        return reply(200, { queued: count('queued'), sent: count('sent'), failed: count('failed'), workerStopped: this.#knobs().workerStopped });
      }
      reply(404, { error: `no such endpoint: ${req.method} ${path}` });
    } catch (error) {
      reply((error as { status?: number }).status ?? 500, { error: (error as Error).message });
    }
  }

  #authorized(req: IncomingMessage): boolean {
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const expected = Buffer.from(this.#ctx.state.passwords.app);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #enqueue(body: Record<string, unknown>): ReturnType<typeof view> {
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
    const to = text('to');
    const subject = text('subject');
    if (!to || !subject) throw Object.assign(new Error('`to` and `subject` are required'), { status: 400 });
    const mail: QueuedMail = {
      id: randomBytes(6).toString('hex'), state: 'queued', to, from: text('from') ?? this.#app.from, subject,
      text: text('text'), html: text('html'), messageId: text('messageId'), queuedAt: new Date().toISOString(), mtaQueueIds: [], attempts: 0,
    };
    if (this.#mail.size >= MAX_QUEUE) {
      const oldest = [...this.#mail.values()].find((m) => m.state !== 'queued');
      if (!oldest) throw Object.assign(new Error('the queue is full'), { status: 503 });
      this.#mail.delete(oldest.id);
    }
    this.#mail.set(mail.id, mail);
    this.#ctx.events.add({ part: this.name, kind: 'accepted', queueId: mail.id, from: mail.from, to: mail.to, detail: 'queued in the application' });
    return view(mail);
  }

  /** The worker: hands queued mail to the MTA in order, unless the knob stopped it. */
  async #work(signal: AbortSignal): Promise<void> {
    const transport = nodemailer.createTransport({
      host: this.#mta.address, port: this.#mta.port, ignoreTLS: true, name: this.#app.hostname, localAddress: this.#app.address, connectionTimeout: 5000,
    });
    while (!signal.aborted) {
      const next = this.#knobs().workerStopped ? undefined : [...this.#mail.values()].find((m) => m.state === 'queued');
      if (!next) {
        await sleep(WORKER_TICK_MS, undefined, { signal }).catch(() => {});
        continue;
      }
      await this.#deliver(next, transport).catch(async (error: Error) => {
        next.attempts++;
        next.error = error.message.slice(0, 300);
        if (next.attempts >= SEND_ATTEMPTS) next.state = 'failed';
        this.#ctx.events.add({ part: this.name, kind: 'error', queueId: next.id, to: next.to, detail: next.error, attempt: next.attempts });
        await sleep(500, undefined, { signal }).catch(() => {});
      });
    }
    transport.close();
  }

  async #deliver(mail: QueuedMail, transport: Transporter): Promise<void> {
    const knobs = this.#knobs();
    if (knobs.dropNext > 0) {
      this.#setKnobs({ dropNext: knobs.dropNext - 1 });
      // The application believes it sent it: the state says so, and nothing left.
      Object.assign(mail, { state: 'sent', sentAt: new Date().toISOString() });
      this.#ctx.events.add({ part: this.name, kind: 'dropped', queueId: mail.id, to: mail.to, detail: 'dropped by the knob dropNext; the application says sent' });
      return;
    }
    const copies = knobs.duplicateNext > 0 ? 2 : 1;
    if (copies === 2) this.#setKnobs({ duplicateNext: knobs.duplicateNext - 1 });
    for (let copy = 0; copy < copies; copy++) {
      const info = await transport.sendMail({
        envelope: { from: this.#app.envelopeFrom, to: [mail.to] },
        from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId,
      });
      mail.mtaQueueIds.push(/queued as ([A-Za-z0-9]+)/.exec(info.response ?? '')?.[1] ?? '?');
    }
    mail.attempts++;
    Object.assign(mail, { state: 'sent', sentAt: new Date().toISOString(), error: undefined });
    this.#ctx.events.add({ part: this.name, kind: 'delivered', queueId: mail.id, to: mail.to, detail: `handed to mta:${this.#mta.id} as ${mail.mtaQueueIds.join(', ')}${copies === 2 ? ' (twice: knob duplicateNext)' : ''}` });
  }

  #knobs() {
    return this.#ctx.knobs.app(this.#app.id);
  }

  #setKnobs(patch: Partial<ReturnType<DaemonContext['knobs']['app']>>): void {
    this.#ctx.knobs.apps.set(this.#app.id, { ...this.#knobs(), ...patch });
  }
}

function view(mail: QueuedMail) {
  return { id: mail.id, state: mail.state, queuedAt: mail.queuedAt, sentAt: mail.sentAt, mtaQueueIds: mail.mtaQueueIds, attempts: mail.attempts, error: mail.error };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`the body is over ${MAX_BODY_BYTES} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw Object.assign(new Error('the body must be a JSON object'), { status: 400 });
}
