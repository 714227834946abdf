import { capPrintable, LIMITS } from '../../analysis/limits.ts';
import { LandedError } from '../../errors.ts';
import { explainSymbol } from '../explain.ts';
import { RSPAMD_THRESHOLDS } from '../thresholds.ts';
import type { ContentScore } from '../types.ts';

/** rspamd's answer for a message is a few KB; anything past this is not an answer we read. */
const MAX_ANSWER_BYTES = 1024 * 1024;
const SCAN_TIMEOUT_MS = 30_000;

export interface ScanOptions {
  /** Envelope sender and recipient, as an MTA would pass them. */
  mailFrom?: string;
  rcptTo?: string;
  /** Judge it as bulk mail (landed's rules then want List-Unsubscribe). */
  bulk?: boolean;
}

/**
 * Scores one message with rspamd's HTTP /checkv2. No connecting IP or HELO is passed on purpose: this scores
 * what the message says, not where it comes from (that is the routes' and the receivers' business).
 */
export async function scanWithRspamd(url: string, raw: Buffer, options: ScanOptions = {}): Promise<ContentScore> {
  const headers: Record<string, string> = { 'Content-Type': 'message/rfc822' };
  if (options.mailFrom) headers.From = options.mailFrom;
  if (options.rcptTo) headers.Rcpt = options.rcptTo;
  if (options.bulk) headers['X-Landed-Bulk'] = 'yes';
  const started = performance.now();
  let body: string;
  try {
    const response = await fetch(`${url}/checkv2`, { method: 'POST', body: new Uint8Array(raw), headers, signal: AbortSignal.timeout(SCAN_TIMEOUT_MS) });
    body = await readCapped(response);
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${capPrintable(body, LIMITS.short)}`);
  } catch (error) {
    throw new LandedError('CONNECT_FAILED', `rspamd did not score the message: ${(error as Error).message}`, { where: url, cause: error });
  }
  const elapsedMs = Math.round(performance.now() - started);
  return toScore(parseAnswer(body, url), elapsedMs);
}

interface RspamdAnswer {
  score?: unknown;
  action?: unknown;
  symbols?: Record<string, { score?: unknown; description?: unknown; options?: unknown }>;
}

function parseAnswer(body: string, url: string): RspamdAnswer {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as RspamdAnswer;
  } catch {
    // reported below
  }
  throw new LandedError('CONNECT_FAILED', `rspamd answered something that is not its JSON: ${capPrintable(body, LIMITS.short)}`, { where: url });
}

function toScore(answer: RspamdAnswer, elapsedMs: number): ContentScore {
  const symbols = Object.entries(answer.symbols && typeof answer.symbols === 'object' ? answer.symbols : {})
    .slice(0, 500)
    .map(([name, s]) => ({ name: capPrintable(name, LIMITS.short), score: round(Number(s?.score) || 0), description: typeof s?.description === 'string' ? s.description : undefined, options: Array.isArray(s?.options) ? s.options : [] }))
    // GTUBE carries no score of its own: it forces the reject action, so it always counts.
    .filter((s) => s.score !== 0 || s.name === 'GTUBE')
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .map((s) => ({ name: s.name, score: s.score, ...explainSymbol(s.name, s.description), details: s.options.slice(0, 10).map((o) => capPrintable(String(o), LIMITS.short)) }));
  return {
    scorer: 'rspamd',
    score: round(Number(answer.score) || 0),
    action: capPrintable(String(answer.action ?? 'unknown'), LIMITS.short),
    thresholds: RSPAMD_THRESHOLDS,
    symbols,
    elapsedMs,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

async function readCapped(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
