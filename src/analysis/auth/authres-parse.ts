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
 * `timeout`), comments holding anything. Never throws; what it could not read is in `problems`.
 */
export function parseAuthenticationResults(value: string): ParsedAuthResults {
  const { tokens, problems } = tokenizeAuthResults(value.slice(0, LIMITS.fieldValueBytes));
  const parsed: ParsedAuthResults = { authservId: '', results: [], problems };
  let pos = readInstance(tokens, 0, parsed);
  pos = readAuthservId(tokens, pos, parsed);
  let current: MethodResult | undefined;
  while (pos < tokens.length) {
    const token = tokens[pos];
    if (token.kind === 'semicolon') { current = undefined; pos++; continue; }
    if (token.kind === 'comment') {
      if (current && current.comments.length < MAX_COMMENTS) current.comments.push(cap(token.text, LIMITS.short));
      pos++;
      continue;
    }
    if (token.kind !== 'word' || tokens[pos + 1]?.kind !== 'equals') {
      if (!(token.kind === 'word' && token.text.toLowerCase() === 'none' && !current)) {
        problem(parsed, `unexpected ${JSON.stringify(cap(token.text, 40))}`);
      }
      pos++;
      continue;
    }
    const key = token.text.toLowerCase();
    const { text, next } = readValue(tokens, pos + 2);
    pos = next;
    if (!current || (!key.includes('.') && key !== 'reason' && isMethod(key))) {
      if (current) problem(parsed, `no ";" before ${key}=`);
      if (parsed.results.length >= LIMITS.methodResults) { current = undefined; continue; }
      current = { method: cap(key.split('/')[0], 64), result: cap(text.toLowerCase(), 64), props: {}, comments: [] };
      parsed.results.push(current);
    } else if (key === 'reason') {
      current.reason = cap(text, LIMITS.short);
    } else if (!(key in current.props) && Object.keys(current.props).length < 20) {
      current.props[cap(key, 64)] = cap(text, LIMITS.short);
    }
  }
  return parsed;
}

function isMethod(key: string): boolean {
  return METHODS.has(key.split('/')[0]) || key.startsWith('x-');
}

/** ARC-Authentication-Results starts with `i=N;`. */
function readInstance(tokens: AuthResToken[], pos: number, parsed: ParsedAuthResults): number {
  const [name, equals, number] = tokens.slice(pos, pos + 3);
  if (name?.kind !== 'word' || name.text.toLowerCase() !== 'i' || equals?.kind !== 'equals' || number?.kind !== 'word') return pos;
  const instance = Number(number.text);
  if (Number.isInteger(instance) && instance >= 1 && instance <= 50) parsed.instance = instance;
  else problem(parsed, `invalid ARC instance i=${cap(number.text, 10)}`);
  return tokens[pos + 3]?.kind === 'semicolon' ? pos + 4 : pos + 3;
}

function readAuthservId(tokens: AuthResToken[], pos: number, parsed: ParsedAuthResults): number {
  while (tokens[pos]?.kind === 'comment') pos++;
  const first = tokens[pos];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted') || tokens[pos + 1]?.kind === 'equals') return pos;
  parsed.authservId = cap(first.text.toLowerCase(), LIMITS.short);
  pos++;
  while (tokens[pos]?.kind === 'comment') pos++;
  const version = tokens[pos];
  if (version?.kind === 'word' && /^\d{1,5}$/.test(version.text) && tokens[pos + 1]?.kind !== 'equals') {
    parsed.version = Number(version.text);
    pos++;
  }
  while (tokens[pos]?.kind === 'comment') pos++;
  if (tokens[pos]?.kind === 'semicolon') return pos + 1;
  if (pos < tokens.length) problem(parsed, 'no ";" after the authserv-id');
  return pos;
}

/** A value after `=`: a word or quoted string; `abc==` (base64 padding) is read as one value. */
function readValue(tokens: AuthResToken[], pos: number): { text: string; next: number } {
  const token = tokens[pos];
  if (!token || (token.kind !== 'word' && token.kind !== 'quoted') || token.spaceBefore && tokens[pos + 1]?.kind === 'equals') {
    return { text: '', next: pos };
  }
  let text = token.text;
  let next = pos + 1;
  while (tokens[next]?.kind === 'equals' && !tokens[next].spaceBefore) {
    text += '=';
    next++;
    if (tokens[next]?.kind === 'word' && !tokens[next].spaceBefore) text += tokens[next++].text;
  }
  return { text, next };
}

function problem(parsed: ParsedAuthResults, text: string): void {
  if (parsed.problems.length < MAX_PROBLEMS) parsed.problems.push(text);
}
