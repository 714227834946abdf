import { cap, LIMITS } from '../limits.ts';
import type { MethodResult } from '../types.ts';
import { tokenizeAuthResults, type AuthResToken } from './authres-tokens.ts';

/** What one Authentication-Results (or ARC-Authentication-Results) value says. */
export interface ParsedAuthResults {
  /** '' when none was written (Microsoft's `Authentication-Results: spf=pass ...`). */
  authservId: string;
  version?: number;
  /** `i=` of an ARC-Authentication-Results. */
  instance?: number;
  results: MethodResult[];
  /** Where the value departs from RFC 8601 (read anyway, as far as it goes). */
  problems: string[];
}

/** A token with the comments that stood before it (CFWS may sit between any two tokens). */
type Core = Exclude<AuthResToken, { kind: 'comment' }> & { comments: string[] };

/** Registered methods (IANA "Email Authentication Methods") plus Microsoft's compauth; x-* is always one. */
const METHODS = new Set([
  'auth', 'dkim', 'domainkeys', 'dmarc', 'iprev', 'sender-id', 'spf', 'arc', 'bimi', 'compauth', 'dnswl', 'rrvs',
  'smime', 'vbr', 'dkim-adsp', 'dkim-atps', 'dkim-rules', 'ptr',
]);
const MAX_COMMENTS = 10;
const MAX_PROBLEMS = 5;

/**
 * Parses an RFC 8601 Authentication-Results value in the dialects providers really write: no authserv-id
 * (Microsoft), a missing `;` (old Yahoo), `dmarc=pass(p=NONE)` without a space, non-RFC words (`bestguesspass`,
 * `timeout`), comments anywhere (RFC 8601 appendix B.6), comments holding anything. Never throws; what it
 * could not read is in `problems`.
 */
export function parseAuthenticationResults(value: string): ParsedAuthResults {
  const { tokens: raw, problems } = tokenizeAuthResults(value.slice(0, LIMITS.fieldValueBytes));
  const tokens = coreTokens(raw);
  const parsed: ParsedAuthResults = { authservId: '', results: [], problems };
  let pos = readInstance(tokens, 0, parsed);
  pos = readAuthservId(tokens, pos, parsed);
  let current: MethodResult | undefined;
  const note = (comments: string[]) => {
    for (const c of comments) if (current && current.comments.length < MAX_COMMENTS) current.comments.push(cap(c, LIMITS.short));
  };
  while (pos < tokens.length) {
    const token = tokens[pos];
    if (token.kind === 'semicolon') { note(token.comments); current = undefined; pos++; continue; }
    if (token.kind !== 'word' || tokens[pos + 1]?.kind !== 'equals') {
      note(token.comments);
      if (!(token.kind === 'word' && token.text.toLowerCase() === 'none' && !current)) problem(parsed, `unexpected ${JSON.stringify(cap(token.text, 40))}`);
      pos++;
      continue;
    }
    const key = token.text.toLowerCase();
    const { text, next } = readValue(tokens, pos + 2);
    const comments = tokens.slice(pos, next).flatMap((t) => t.comments);
    pos = next;
    if (!current || (!key.includes('.') && key !== 'reason' && isMethod(key))) {
      if (current) problem(parsed, `no ";" before ${key}=`);
      if (parsed.results.length >= LIMITS.methodResults) { current = undefined; continue; }
      current = { method: cap(key.split('/')[0], 64), result: cap(text.toLowerCase(), 64), props: {}, comments: [] };
      parsed.results.push(current);
    } else if (key === 'reason') {
      current.reason = cap(text, LIMITS.short);
    } else if (key !== '__proto__' && !Object.hasOwn(current.props, key) && Object.keys(current.props).length < 20) {
      current.props[cap(key, 64)] = cap(text, LIMITS.short);
    }
    note(comments);
  }
  note(tokens.at(-1)?.trailing ?? []);
  return parsed;
}

/**
 * Drops comments out of the token stream (keeping them with the next token) and joins what CFWS split:
 * `dkim / 1` -> `dkim/1`, `policy . expired` -> `policy.expired`.
 */
function coreTokens(raw: AuthResToken[]): Array<Core & { trailing?: string[] }> {
  const out: Array<Core & { trailing?: string[] }> = [];
  let pending: string[] = [];
  let open = false; // the last word ends with a separator that stood alone, so the next word continues it
  for (const token of raw) {
    if (token.kind === 'comment') { pending.push(token.text); continue; }
    const last = out.at(-1);
    const separator = token.text === '.' || token.text === '/';
    const joins: boolean = token.kind === 'word' && last?.kind === 'word'
      && (separator || open || (!token.spaceBefore && (/[./]$/.test(last.text) || /^[./]/.test(token.text))));
    if (joins && last) {
      last.text += token.text;
      last.comments.push(...pending);
    } else {
      out.push({ ...token, comments: pending });
    }
    open = joins ? separator : false;
    pending = [];
  }
  if (pending.length && out.length) out[out.length - 1].trailing = pending;
  return out;
}

function isMethod(key: string): boolean {
  return METHODS.has(key.split('/')[0]) || key.startsWith('x-');
}

/** ARC-Authentication-Results starts with `i=N;`. */
function readInstance(tokens: Core[], pos: number, parsed: ParsedAuthResults): number {
  const [name, equals, number] = tokens.slice(pos, pos + 3);
  if (name?.kind !== 'word' || name.text.toLowerCase() !== 'i' || equals?.kind !== 'equals' || number?.kind !== 'word') return pos;
  const instance = Number(number.text);
  if (Number.isInteger(instance) && instance >= 1 && instance <= 50) parsed.instance = instance;
  else problem(parsed, `invalid ARC instance i=${cap(number.text, 10)}`);
  return tokens[pos + 3]?.kind === 'semicolon' ? pos + 4 : pos + 3;
}

function readAuthservId(tokens: Core[], pos: number, parsed: ParsedAuthResults): number {
  const first = tokens[pos];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted') || tokens[pos + 1]?.kind === 'equals') return pos;
  parsed.authservId = cap(first.text.toLowerCase(), LIMITS.short);
  pos++;
  const version = tokens[pos];
  if (version?.kind === 'word' && /^\d{1,5}$/.test(version.text) && tokens[pos + 1]?.kind !== 'equals') {
    parsed.version = Number(version.text);
    pos++;
  }
  if (tokens[pos]?.kind === 'semicolon') return pos + 1;
  if (pos < tokens.length) problem(parsed, 'no ";" after the authserv-id');
  return pos;
}

/** A value after `=`: a word or quoted string; `abc==` (base64 padding) is read as one value. */
function readValue(tokens: Core[], pos: number): { text: string; next: number } {
  const token = tokens[pos];
  if (!token || (token.kind !== 'word' && token.kind !== 'quoted') || (token.spaceBefore && tokens[pos + 1]?.kind === 'equals')) {
    return { text: '', next: pos };
  }
  let text = token.text;
  let next = pos + 1;
  while (tokens[next]?.kind === 'equals' && !tokens[next].spaceBefore && !tokens[next].comments.length) {
    text += '=';
    next++;
    if (tokens[next]?.kind === 'word' && !tokens[next].spaceBefore) text += tokens[next++].text;
  }
  return { text, next };
}

function problem(parsed: ParsedAuthResults, text: string): void {
  if (parsed.problems.length < MAX_PROBLEMS) parsed.problems.push(text);
}
