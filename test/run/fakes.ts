/**
 * Fake ports for driving executeRun without servers: a world where routes deliver into mailboxes, a watcher
 * that looks into them, a clock that jumps instead of waiting, a journal kept in memory.
 */
import { setImmediate as tick } from 'node:timers/promises';
import type { ResolvedConfig, ResolvedRoute, ResolvedSeed } from '../../src/config/types.ts';
import type { BounceWatchOptions, FoundProbe, SeedWatch, WatchOptions } from '../../src/mailboxes/watch.ts';
import { getProvider, presetFacts } from '../../src/providers/index.ts';
import type { Route, RouteMessage, SendOutcome } from '../../src/routes/route.ts';
import type { JournalEntry } from '../../src/run/journal.ts';
import type { Clock, JournalWriter, MailboxWatcher } from '../../src/run/ports.ts';
import type { Scenario } from '../../src/scenarios/types.ts';

/**
 * Virtual time: `sleep` lets other tasks run once, then moves the clock forward (never back). Only the run's
 * own waits move it, never while the fake mailboxes hand something over (`busy`); they look again each
 * time it moves (`moved`). Real work in between (a file written, a worker's answer) takes no virtual time.
 */
export class FakeClock implements Clock {
  #now = Date.parse('2026-11-29T12:00:00Z');
  #waiting = new Set<() => void>();
  #busy = new Set<Promise<unknown>>();
  now(): number {
    return this.#now;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const until = this.#now + ms;
    await tick();
    while (this.#busy.size > 0) await Promise.allSettled([...this.#busy]);
    if (signal.aborted || until <= this.#now) return;
    this.#now = until;
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const wake of waiting) wake();
  }
  /** Runs `work` with time standing still: what the fake mailboxes hand over takes no virtual time. */
  async busy(work: () => Promise<void>): Promise<void> {
    const running = work();
    this.#busy.add(running);
    try {
      await running;
    } finally {
      this.#busy.delete(running);
    }
  }
  /** Resolves once the clock has moved (or the signal aborts). */
  moved(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const wake = () => (signal.removeEventListener('abort', wake), this.#waiting.delete(wake), resolve());
      this.#waiting.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}

export class MemoryJournal implements JournalWriter {
  readonly entries: JournalEntry[] = [];
  closed = false;
  async record(entry: JournalEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  /** The entries about one probe, as `type` or `type:detail` words, in order. */
  of(id: string): string[] {
    return this.entries.filter((e) => ('id' in e ? e.id : e.type === 'planned' ? e.probe.id : undefined) === id).map((e) => (e.type === 'sent' ? `sent:${e.outcome.status}` : e.type === 'final' ? `final:${e.placement}` : e.type));
  }
}

/** What the receiver writes on top of a delivered message: its trace and its verdicts. */
export const RECEIVER_HEADERS = [
  'Authentication-Results: mx.seed.test; spf=pass smtp.mailfrom=sales@acme.test; dkim=pass header.d=acme.test; dmarc=pass header.from=acme.test',
  'Received: from relay.acme.test (relay.acme.test [192.0.2.10]) by mx.seed.test with ESMTPS id 4Xyz; Sun, 29 Nov 2026 12:00:00 +0000',
].join('\r\n');

/** Mailboxes of the fake world: what arrived for which token, and when the receiver stored it. */
export class World {
  readonly clock = new FakeClock();
  readonly delivered = new Map<string, { raw: Buffer; at: number }>();
  /** How long after the send a message shows up in the mailbox. */
  deliveryDelayMs = 2_000;
  /** Tokens whose message bounces instead (a DSN in the route's bounce mailbox). */
  readonly bounces = new Set<string>();
  /** The Message-ID each bounced token was sent with: a real DSN returns it, and the run trusts only such. */
  readonly bouncedMessageIds = new Map<string, string>();

  deliver(message: RouteMessage): void {
    if (this.bounces.has('all')) {
      this.bouncedMessageIds.set(message.probe.token.toLowerCase(), message.fields.messageId);
      return void this.bounces.add(message.probe.token.toLowerCase());
    }
    const raw = Buffer.concat([Buffer.from(`${RECEIVER_HEADERS}\r\n`), message.raw]);
    this.delivered.set(message.probe.token.toLowerCase(), { raw, at: this.clock.now() + this.deliveryDelayMs });
  }
}

/** `accept-then-follow`: accepts, then reports on the message until told to stop (an application polling its queue). */
type Behaviour = 'accept' | 'refuse' | 'drop-after-data' | 'drop-after-data-lost' | 'accept-then-follow';

/** A route whose every send ends as told; `sent` keeps each message it was given. */
export class FakeRoute implements Route {
  readonly sent: RouteMessage[] = [];
  closed = false;
  readonly id: string;
  readonly #world: World;
  readonly #behaviour: Behaviour;

  constructor(id: string, world: World, behaviour: Behaviour) {
    this.id = id;
    this.#world = world;
    this.#behaviour = behaviour;
  }

  async send(message: RouteMessage, signal: AbortSignal): Promise<SendOutcome> {
    this.sent.push(message);
    const acceptedAt = new Date(this.#world.clock.now()).toISOString();
    switch (this.#behaviour) {
      case 'accept-then-follow':
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        return { status: 'accepted', smtp: { response: 'HTTP 202 queued', attempts: 1, retries: [], acceptedAt } };
      case 'accept':
        this.#world.deliver(message);
        return { status: 'accepted', smtp: { code: 250, response: '250 2.0.0 Ok: queued as ABC123', queueId: 'ABC123', attempts: 1, retries: [], acceptedAt } };
      case 'refuse':
        return { status: 'rejected', smtp: { code: 550, status: '5.7.1', response: '550 5.7.1 Message rejected as spam', attempts: 1, retries: [] } };
      case 'drop-after-data':
      case 'drop-after-data-lost':
        // The server took the body, then the connection died before its reply: it may or may not have it.
        if (this.#behaviour === 'drop-after-data') this.#world.deliver(message);
        return { status: 'uncertain', smtp: { attempts: 1, retries: [] }, error: `route ${this.id}: connection lost after the message was sent` };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Looks into the world's mailboxes each time virtual time moves; reports each awaited token once, when it is there. */
export function fakeWatcher(world: World): MailboxWatcher & { watched: string[] } {
  const watched: string[] = [];
  return {
    watched,
    watchSeed(seed: ResolvedSeed, options: WatchOptions & { onFound(probe: FoundProbe): void | Promise<void> }): SeedWatch {
      watched.push(seed.id);
      const wanted = new Set([...options.tokens].map((t) => t.toLowerCase()));
      const stopper = new AbortController();
      const signal = AbortSignal.any([options.signal, stopper.signal]);
      const done = (async () => {
        while (!signal.aborted && wanted.size > 0) {
          await world.clock.busy(async () => {
            for (const token of [...wanted]) {
              const message = world.delivered.get(token);
              if (!message || message.at > world.clock.now()) continue;
              wanted.delete(token);
              const at = new Date(message.at);
              await options.onFound({ token, seedId: seed.id, folder: 'INBOX', placement: 'inbox', uid: 1, internalDate: at, detectedAt: new Date(world.clock.now()), noticedAt: at, raw: message.raw, truncated: false });
            }
          });
          await world.clock.moved(signal);
        }
      })();
      return { add: (tokens) => [...tokens].forEach((t) => wanted.add(t.toLowerCase())), stop: async () => (stopper.abort(), await done), done };
    },
    watchBounces(_route: ResolvedRoute, options: WatchOptions & BounceWatchOptions): SeedWatch {
      const wanted = new Set([...options.tokens].map((t) => t.toLowerCase()));
      const stopper = new AbortController();
      const signal = AbortSignal.any([options.signal, stopper.signal]);
      const done = (async () => {
        while (!signal.aborted && wanted.size > 0) {
          await world.clock.busy(async () => {
            for (const token of [...wanted].filter((t) => world.bounces.has(t))) {
              wanted.delete(token);
              // Read by the parser the run gives (its analysis workers), as the real watch reads what it fetched.
              const bounce = await options.parse!(dsnFor(token, world.bouncedMessageIds.get(token)!));
              if (!bounce) throw new Error('the run\'s bounce parser did not read the notification');
              const { code, status, diagnostic, recipient, messageIds } = bounce;
              await options.onBounce({ token, code, status, diagnostic, recipient, messageIds, receivedAt: new Date(world.clock.now()) });
            }
          });
          await world.clock.moved(signal);
        }
      })();
      return { add: () => {}, stop: async () => (stopper.abort(), await done), done };
    },
  };
}

/** A relay's RFC 3464 notification that the probe with this token and Message-ID could not be delivered. */
function dsnFor(token: string, messageId: string): Buffer {
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@relay.acme.test>',
      'Subject: Undelivered Mail Returned to Sender',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.acme.test',
      '',
      'Final-Recipient: rfc822; seed1@seed.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${messageId}`,
      `Subject: Invoice 42 [${token}]`,
      '--b--',
      '',
    ].join('\r\n'),
  );
}

export function fakeConfig(dir: string): ResolvedConfig {
  const tls = { insecure: false };
  const route: ResolvedRoute = {
    id: 'relay',
    smtp: { host: 'relay.acme.test', port: 587, security: 'starttls', tls, auth: { user: 'u', pass: 'route-secret' } },
    from: 'Acme Sales <sales@acme.test>',
    dkimSelectors: [],
    retry: { attempts: 1, firstDelayMs: 0, maxDelayMs: 0 },
  };
  const seed: ResolvedSeed = {
    id: 'seed1',
    address: 'seed1@seed.test',
    provider: 'imap',
    imap: { host: 'imap.seed.test', port: 993, security: 'tls', auth: { user: 'seed1', pass: 'seed-secret' }, tls },
    folders: {},
    authservIds: ['mx.seed.test'],
    requirements: [],
    tags: [],
    cleanup: 'keep',
    maxConnections: 2,
    ...presetFacts(getProvider('imap')!),
  };
  return {
    file: `${dir}/landed.yaml`,
    dir,
    routes: new Map([[route.id, route]]),
    seeds: new Map([[seed.id, seed]]),
    dnsServers: [],
    scenariosDir: `${dir}/scenarios`,
    reportsDir: `${dir}/reports`,
    historyFile: `${dir}/reports/history.sqlite`,
    reporters: [],
    secrets: ['route-secret', 'seed-secret'],
    warnings: [],
  };
}

export function scenario(expect: Scenario['expect'] = { placement: 'inbox' }, timeoutMs = 120_000): Scenario {
  return { name: 'invoice', file: 'scenarios/invoice.yaml', routes: ['relay'], seeds: ['seed1'], message: { subject: 'Invoice 42', text: 'Hello' }, bulk: false, expect, timeoutMs };
}
