import { LIMITS } from '../limits.ts';

/** One header field as it appears in the message, unfolded. */
export interface HeaderField {
  /** As written, e.g. `ARC-Authentication-Results`. */
  name: string;
  /** Lower-cased name, for lookups. */
  key: string;
  /** Unfolded value (line breaks removed, whitespace kept), trimmed; at most LIMITS.fieldValueBytes. */
  value: string;
  /** 0 = topmost field of the message (the newest trace field). */
  index: number;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Byte offset where the body starts (after the blank line), or the message length. */
  bodyOffset: number;
  /** Byte offset where the header block starts (after a leading mbox `From ` line, if any). */
  headerOffset: number;
  /** True when the header block was larger than LIMITS.headerBytes and only its start was read. */
  truncated: boolean;
  problems: string[];
}

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
const MAX_LINE_PROBLEMS = 3;

/**
 * Splits the header block off a raw message without parsing the rest: bounded in bytes and fields, so
 * a 5 MB header or 100,000 fields cost no more than the caps. Never throws.
 */
export function readHeaderBlock(raw: Buffer): HeaderBlock {
  const problems: string[] = [];
  let headerOffset = 0;
  if (raw.subarray(0, 5).toString('latin1') === 'From ') {
    // An mbox separator line saved along with the message: not a header field.
    const eol = raw.indexOf(0x0a);
    headerOffset = eol < 0 ? raw.length : eol + 1;
    problems.push('the file starts with an mbox "From " separator line; it was skipped');
  }
  const { end, bodyOffset, truncated } = findHeaderEnd(raw, headerOffset);
  if (truncated) problems.push(`the header block is larger than ${LIMITS.headerBytes / 1024} KB: only its first ${LIMITS.headerBytes / 1024} KB were read`);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw.subarray(headerOffset, end));
  if (text.includes('\uFFFD')) problems.push('the header block contains bytes that are not valid UTF-8 (shown as \uFFFD)');
  const fields = splitFields(text, problems);
  return { fields, bodyOffset, headerOffset, truncated, problems };
}

function findHeaderEnd(raw: Buffer, start: number): { end: number; bodyOffset: number; truncated: boolean } {
  if (raw[start] === 0x0a) return { end: start, bodyOffset: start + 1, truncated: false };
  if (raw[start] === 0x0d && raw[start + 1] === 0x0a) return { end: start, bodyOffset: start + 2, truncated: false };
  const limit = Math.min(raw.length, start + LIMITS.headerBytes);
  const window = raw.subarray(start, limit);
  const lf = window.indexOf('\n\n');
  const crlf = window.indexOf('\n\r\n');
  const candidates = [lf < 0 ? -1 : lf, crlf < 0 ? -1 : crlf].filter((i) => i >= 0);
  if (candidates.length) {
    const at = Math.min(...candidates);
    const separator = at === crlf ? 3 : 2;
    return { end: start + at + 1, bodyOffset: start + at + separator, truncated: false };
  }
  if (raw.length > limit) {
    // Cut at the last line break inside the window, so no field is read half.
    const lastLf = window.lastIndexOf(0x0a);
    return { end: start + (lastLf < 0 ? window.length : lastLf + 1), bodyOffset: raw.length, truncated: true };
  }
  return { end: raw.length, bodyOffset: raw.length, truncated: false };
}

function splitFields(text: string, problems: string[]): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: { name: string; parts: string[]; size: number } | undefined;
  let strayLines = 0;
  let cutFields = 0;
  const flush = () => {
    if (!current) return;
    const value = current.parts.join('').trim();
    fields.push({ name: current.name, key: current.name.toLowerCase(), value, index: fields.length });
    current = undefined;
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line === '') continue;
    if (line[0] === ' ' || line[0] === '\t') {
      if (!current) { strayLines++; continue; }
      if (current.size < LIMITS.fieldValueBytes) {
        current.parts.push(line);
        current.size += line.length;
      } else if (current.size !== Infinity) {
        cutFields++;
        current.size = Infinity;
      }
      continue;
    }
    flush();
    if (fields.length >= LIMITS.fields) {
      problems.push(`more than ${LIMITS.fields} header fields: the rest were not read`);
      break;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    if (!name || !FIELD_NAME.test(name) || name.length > 100) {
      if (strayLines++ < MAX_LINE_PROBLEMS) problems.push(`header line ${i + 1} is not a header field: ${JSON.stringify(line.slice(0, 60))}`);
      continue;
    }
    const first = line.slice(colon + 1);
    current = { name, parts: [first.slice(0, LIMITS.fieldValueBytes)], size: first.length };
    if (first.length > LIMITS.fieldValueBytes) { cutFields++; current.size = Infinity; }
  }
  flush();
  if (strayLines > MAX_LINE_PROBLEMS) problems.push(`${strayLines} header lines in all were not header fields`);
  if (cutFields) problems.push(`${cutFields} header field(s) longer than ${LIMITS.fieldValueBytes / 1024} KB were cut`);
  return fields;
}

/** Fields with this (lower-case) name, topmost first. */
export function fieldsNamed(fields: HeaderField[], key: string): HeaderField[] {
  return fields.filter((f) => f.key === key);
}
