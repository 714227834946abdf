import type { HttpEndpoint, ResolvedRoute } from '../config/types.ts';
import { cleanText } from '../printable.ts';
import type { Route, RouteMessage, SendOutcome, StageTime } from './route.ts';
import { fill, fillDeep, templateValues } from './template.ts';

/** How much of an answer is read (the rest is cut): enough for an id and a state, or an error page's start. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** How much of an answer a result or an error shows. */
const SHOWN_BYTES = 200;
const STATUS_POLL_MS = 250;
/** How long the application's own queue is followed after it accepted (its worker may be stopped). */
const STATUS_FOLLOW_MS = 15_000;

/**
 * An application made to send by an HTTP request (an ERP, a CRM, a shop): a 2xx answer means it accepted the
 * probe. With `status`, the application's own queue state is then polled and each state it reports (queued,
 * sent...) becomes a stage with its time, until it reports a final one or STATUS_FOLLOW_MS pass.
 */
export class HttpRoute implements Route {
  readonly id: string;
  readonly #http: HttpEndpoint;
  readonly #secrets: string[];

  constructor(route: ResolvedRoute & { http: HttpEndpoint }, secrets: string[] = []) {
    this.id = route.id;
    this.#http = route.http;
    this.#secrets = secrets;
  }

  async send(message: RouteMessage, signal: AbortSignal): Promise<SendOutcome> {
    const http = this.#http;
    const values = templateValues(message.fields);
    const body = http.body === undefined || http.method === 'GET' ? undefined : typeof http.body === 'string' ? fill(http.body, values) : JSON.stringify(fillDeep(http.body, values));
    const headers = { ...(typeof http.body === 'object' ? { 'content-type': 'application/json' } : {}), ...http.headers };
    const smtp = { attempts: 1, retries: [] as string[] };
    let answer: Answer;
    try {
      answer = await request(fill(http.url, values, encodeURIComponent), { method: http.method, headers, body }, http.timeoutMs, signal);
    } catch (error) {
      return { status: 'error', failure: 'unreachable', smtp, error: `route ${this.id}: ${this.#describe(error, http.timeoutMs)}` };
    }
    const shown = cleanText(answer.text, this.#secrets, SHOWN_BYTES);
    if (answer.status < 200 || answer.status > 299) {
      return { status: 'error', failure: 'protocol', smtp: { ...smtp, response: `HTTP ${answer.status} ${shown}` }, error: `route ${this.id}: the application answered HTTP ${answer.status}, not 2xx: ${shown || '(empty body)'}` };
    }
    if (parse(answer.text)?.jsonrpc && parse(answer.text)?.error !== undefined) {
      // JSON-RPC (Odoo) answers 200 even when the call failed: the error is in the body.
      return { status: 'error', failure: 'protocol', smtp: { ...smtp, response: `HTTP ${answer.status} ${shown}` }, error: `route ${this.id}: the application answered a JSON-RPC error: ${shown}` };
    }
    const acceptedAt = new Date().toISOString();
    const appId = idOf(answer.text);
    const stages: StageTime[] = [{ stage: 'accepted', at: acceptedAt }];
    if (http.status) await this.#follow(fill(http.status, { ...values, id: appId }, encodeURIComponent), stages, signal);
    return { status: 'accepted', stages, smtp: { ...smtp, response: `HTTP ${answer.status} ${shown}`, acceptedAt, queueId: appId } };
  }

  async close(): Promise<void> {}

  /** Polls the application's status URL; each new `state` (or `status`) it reports is a stage. */
  async #follow(url: string, stages: StageTime[], signal: AbortSignal): Promise<void> {
    const until = Date.now() + STATUS_FOLLOW_MS;
    while (Date.now() < until && !signal.aborted) {
      try {
        const answer = await request(url, { method: 'GET', headers: this.#http.headers }, this.#http.timeoutMs, signal);
        const state = answer.status >= 200 && answer.status < 300 ? stateOf(answer.text) : undefined;
        if (state && stages.at(-1)?.stage !== state) stages.push({ stage: cleanText(state, this.#secrets, 40), at: new Date().toISOString() });
        if (state && /^(sent|delivered|done|failed|error|exception|cancel)/i.test(state)) return;
      } catch {
        // The status URL is a courtesy: a failed poll is tried again, never the probe's failure.
      }
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    }
  }

  #describe(error: unknown, timeoutMs: number): string {
    const { name, message, cause } = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (name === 'TimeoutError') return `no answer from the application within ${timeoutMs / 1000}s`;
    return `cannot reach the application (${cleanText(cause?.message ?? message ?? String(error), this.#secrets)}); check http.url`;
  }
}

interface Answer {
  status: number;
  text: string;
}

/** One request; the answer is read up to MAX_ANSWER_BYTES and the rest dropped. */
async function request(url: string, init: { method: string; headers: Record<string, string>; body?: string }, timeoutMs: number, signal: AbortSignal): Promise<Answer> {
  const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader && size < MAX_ANSWER_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader?.cancel().catch(() => {});
  return { status: res.status, text: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8') };
}

/** The application's id for the message, from a JSON answer: `id`, or in JSON-RPC (Odoo) the `result`. */
function idOf(text: string): string | undefined {
  const json = parse(text);
  const id = json?.jsonrpc ? json.result : json?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : undefined;
}

function stateOf(text: string): string | undefined {
  const json = parse(text);
  const state = json?.state ?? json?.status;
  return typeof state === 'string' ? state : undefined;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
