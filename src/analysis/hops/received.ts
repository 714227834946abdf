import { cap, LIMITS } from '../limits.ts';
import type { Hop } from '../types.ts';
import { asIp, ipsIn } from './ip.ts';

/** A Received field read into a hop, plus what the reading stumbled over. */
export interface ParsedReceived {
  hop: Hop;
  problems: string[];
}

const CLAUSES = new Set(['from', 'by', 'via', 'with', 'id', 'for']);
const TLS_PROTOCOLS = /^(?:esmtps|esmtpsa|smtps|lmtps|lmtpsa|utf8smtps|utf8smtpsa|utf8lmtps|utf8lmtpsa|https)$/i;
const TLS_COMMENT = /\b(?:TLS(?:v?1(?:[._]\d)?)?|SSLv\d)\b|\bcipher[= ]/i;

/**
 * Reads one Received field (RFC 5321 section 4.4) into a hop: `from X (Y [ip]) by Z with ESMTPS id ...;
 * date`, in the variants MTAs write (Postfix, Exim, Gmail's `by 2002:...`, Microsoft's `(10.1.2.3) by
 * ... with Microsoft SMTP Server (version=TLS1_2, ...)`). Never throws.
 */
export function parseReceived(value: string): ParsedReceived {
  const problems: string[] = [];
  const { clauses, datePart } = splitDate(value.slice(0, LIMITS.fieldValueBytes));
  const parts = readClauses(clauses);
  const hop: Hop = { tls: false };
  if (parts.from) hop.from = cap(parts.from.value, LIMITS.short);
  const fromIp = clientIp(parts.from);
  if (fromIp) hop.fromIp = fromIp;
  if (parts.by) hop.by = cap(parts.by.value.replace(/\.$/, ''), LIMITS.short);
  if (parts.with) hop.with = cap(parts.with.value, 40);
  const comments = Object.values(parts).flatMap((p) => p.comments).join(' ');
  hop.tls = TLS_PROTOCOLS.test(parts.with?.value ?? '') || TLS_COMMENT.test(comments) || /\bover TLS\b/i.test(clauses);
  const date = parseDate(datePart);
  if (date) hop.date = date;
  else problems.push(datePart ? `unreadable date ${JSON.stringify(cap(datePart, 60))}` : 'no date');
  if (!parts.by && !parts.from) problems.push('neither "from" nor "by"');
  return { hop, problems };
}

interface Clause { value: string; comments: string[] }

/** The date follows the last `;` that is not inside a comment. */
function splitDate(value: string): { clauses: string; datePart: string } {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === ';' && depth === 0) last = i;
  }
  return last < 0 ? { clauses: value, datePart: '' } : { clauses: value.slice(0, last), datePart: value.slice(last + 1).trim() };
}

function readClauses(text: string): Record<string, Clause> {
  const parts: Record<string, Clause> = {};
  let current: Clause | undefined;
  let expectValue = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(') {
      const end = commentEnd(text, i);
      current?.comments.push(text.slice(i + 1, end - 1));
      i = end;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s(]/.test(text[j])) j++;
    const word = text.slice(i, j);
    i = j;
    const keyword = word.toLowerCase();
    if (CLAUSES.has(keyword) && !parts[keyword] && (!current || !expectValue)) {
      current = { value: '', comments: [] };
      parts[keyword] = current;
      expectValue = true;
    } else if (current && expectValue) {
      current.value = word;
      expectValue = false;
    } else if (current) {
      current.comments.push(word); // extra words, e.g. Microsoft's "with Microsoft SMTP Server"
    }
  }
  return parts;
}

function commentEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The connecting client's address: a bracketed literal in the from comments, else any IP there, else the from name. */
function clientIp(from: Clause | undefined): string | undefined {
  if (!from) return undefined;
  for (const comment of from.comments) {
    const bracketed = [...comment.matchAll(/\[([^\]]+)\]/g)].map((m) => asIp(m[1])).find(Boolean);
    if (bracketed) return bracketed;
  }
  for (const comment of from.comments) {
    // "(EHLO host) (98.138.229.112)", Microsoft's "(159.27.24.86)"; skip "helo=" values.
    const ip = ipsIn(comment.replace(/helo=\S+/gi, ''))[0];
    if (ip) return ip;
  }
  return asIp(from.value);
}

/** RFC 5322 date-time to ISO; undefined when it is not one (Date.parse alone accepts too much). */
export function parseDate(text: string): string | undefined {
  if (!/\d{4}/.test(text) || !/\d{1,2}:\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text.replace(/\([^)]*\)/g, ' ').trim());
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString();
}
