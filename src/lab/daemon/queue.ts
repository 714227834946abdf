import type { LabStatus } from '../types.ts';
import type { DaemonContext } from './daemon-context.ts';
import { deliverByMx, type DeliveryResult, type Sender } from './deliver.ts';
import { buildDsn } from './dsn.ts';

/** Retry delays of a lab MTA: a real queue's shape (retry, back off), in seconds instead of minutes. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];
/** After this long a deferred message is returned to its sender (4.4.7), like a real queue lifetime. */
const MAX_QUEUE_MS = 10 * 60_000;

interface QueueItem {
  queueId: string;
  from: string;
  to: string;
  raw: Buffer;
  arrivedAt: Date;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  timer?: NodeJS.Timeout;
}

/**
 * The queue of one lab MTA: accepted messages are delivered onward per recipient; a 4xx or a broken
 * connection is retried with backoff, a 5xx returns a DSN (RFC 3464) to the envelope sender, through the
 * same MTA and the lab DNS, to the sender domain's mail host. Bounces (MAIL FROM:<>) are never bounced.
 */
export class MtaQueue {
  readonly #ctx: DaemonContext;
  readonly #mta: Sender;
  readonly #items = new Set<QueueItem>();
  #stopped = false;

  constructor(ctx: DaemonContext, mta: Sender) {
    this.#ctx = ctx;
    this.#mta = mta;
  }

  add(message: { queueId: string; from: string; to: string[]; raw: Buffer }): void {
    for (const to of message.to) {
      const item: QueueItem = { queueId: message.queueId, from: message.from, to, raw: message.raw, arrivedAt: new Date(), attempts: 0, nextAttemptAt: Date.now() };
      this.#items.add(item);
      this.#schedule(item, 0);
    }
  }

  snapshot(): LabStatus['queue'] {
    return [...this.#items].map((i) => ({
      queueId: i.queueId, mta: this.#mta.id, to: i.to, attempts: i.attempts,
      nextAttemptAt: new Date(i.nextAttemptAt).toISOString(), ...(i.lastError ? { lastError: i.lastError } : {}),
    }));
  }

  /** Forgets everything (the daemon is shutting down; the lab's queue is not persistent). */
  stop(): void {
    this.#stopped = true;
    for (const item of this.#items) clearTimeout(item.timer);
    this.#items.clear();
  }

  #schedule(item: QueueItem, delayMs: number): void {
    item.nextAttemptAt = Date.now() + delayMs;
    item.timer = setTimeout(() => void this.#attempt(item), delayMs);
  }

  async #attempt(item: QueueItem): Promise<void> {
    if (this.#stopped) return;
    item.attempts++;
    const part = `mta:${this.#mta.id}`;
    const event = { part, queueId: item.queueId, from: item.from, to: item.to, attempt: item.attempts };
    let result: DeliveryResult;
    try {
      result = await deliverByMx(this.#ctx, this.#mta, { from: item.from, to: item.to }, item.raw);
    } catch (error) {
      result = { outcome: 'deferred', response: (error as Error).message };
    }
    if (this.#stopped) return;
    if (result.outcome === 'delivered') {
      this.#ctx.events.add({ ...event, kind: 'delivered', detail: `${result.remoteMta}: ${result.response}` });
      this.#items.delete(item);
    } else if (result.outcome === 'failed') {
      this.#ctx.events.add({ ...event, kind: 'bounced', detail: result.response });
      this.#items.delete(item);
      this.#returnToSender(item, result.status, result.response, result.remoteMta);
    } else if (Date.now() - item.arrivedAt.getTime() > MAX_QUEUE_MS) {
      this.#ctx.events.add({ ...event, kind: 'bounced', detail: `expired: ${result.response}` });
      this.#items.delete(item);
      this.#returnToSender(item, '4.4.7', `delivery time expired; last error: ${result.response}`, result.remoteMta);
    } else {
      item.lastError = result.response;
      const delay = RETRY_DELAYS_MS[Math.min(item.attempts - 1, RETRY_DELAYS_MS.length - 1)];
      this.#ctx.events.add({ ...event, kind: 'deferred', detail: `${result.response}; retry in ${delay / 1000}s` });
      this.#schedule(item, delay);
    }
  }

  #returnToSender(item: QueueItem, status: string, diagnostic: string, remoteMta?: string): void {
    if (!item.from) return; // never bounce a bounce
    const dsn = buildDsn({
      reportingMta: this.#mta.hostname, to: item.from, queueId: item.queueId, arrivalDate: item.arrivedAt,
      recipient: item.to, action: 'failed', status, remoteMta, diagnostic, original: item.raw,
    });
    const queueId = `${item.queueId}D`;
    this.#ctx.events.add({ part: `mta:${this.#mta.id}`, kind: 'dsn', queueId, to: item.from, detail: `${status} for <${item.to}>` });
    this.add({ queueId, from: '', to: [item.from], raw: dsn });
  }
}
