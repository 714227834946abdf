/**
 * Splits a BIND master file (RFC 1035 section 5.1) into logical lines of tokens: parentheses join
 * physical lines, `;` starts a comment, quoted strings keep their spaces, `\X` and `\DDD` escapes are
 * decoded. Problems are collected with their line instead of stopping at the first.
 */

export interface Token {
  text: string;
  /** Bytes after unescaping: what a TXT character-string is limited by (255). */
  byteLength: number;
  quoted: boolean;
  line: number;
}

export interface LogicalLine {
  /** Physical line the logical line starts on (1-based). */
  line: number;
  /** Starts with white space: the owner name is the previous record's. */
  inheritsOwner: boolean;
  tokens: Token[];
}

export interface LexResult {
  lines: LogicalLine[];
  problems: { line: number; message: string }[];
}

export function lexZone(source: string): LexResult {
  const lines: LogicalLine[] = [];
  const problems: LexResult['problems'] = [];
  let current: LogicalLine | undefined;
  let depth = 0;
  let openedAt = 0;
  let lineNo = 1;
  let i = 0;

  const finishLine = () => {
    if (current?.tokens.length) lines.push(current);
    current = undefined;
  };

  while (i < source.length) {
    const ch = source[i];
    if (ch === '\n') {
      if (depth === 0) finishLine();
      lineNo++;
      i++;
      continue;
    }
    if (!current) current = { line: lineNo, inheritsOwner: ch === ' ' || ch === '\t', tokens: [] };
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === ';') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (ch === '(') {
      if (depth === 0) openedAt = lineNo;
      depth++;
      i++;
    } else if (ch === ')') {
      if (depth === 0) problems.push({ line: lineNo, message: `")" without a matching "("` });
      else depth--;
      i++;
    } else {
      const start = lineNo;
      const read = ch === '"' ? readQuoted(source, i + 1) : readWord(source, i);
      if (read.unterminated) problems.push({ line: start, message: 'quoted string is not closed on this line' });
      current.tokens.push({ text: read.bytes.toString('utf8'), byteLength: read.bytes.length, quoted: ch === '"', line: start });
      i = read.end;
    }
  }
  if (depth > 0) problems.push({ line: openedAt, message: `"(" is never closed` });
  finishLine();
  return { lines, problems };
}

interface Read {
  bytes: Buffer;
  end: number;
  unterminated?: boolean;
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '(', ')', '"']);

function readWord(source: string, start: number): Read {
  const out: number[] = [];
  let i = start;
  while (i < source.length && !WORD_END.has(source[i])) i = readChar(source, i, out);
  return { bytes: Buffer.from(out), end: i };
}

/** A quoted string ends at the next unescaped quote; a newline before it is an error (BIND agrees). */
function readQuoted(source: string, start: number): Read {
  const out: number[] = [];
  let i = start;
  while (i < source.length && source[i] !== '"') {
    if (source[i] === '\n') return { bytes: Buffer.from(out), end: i, unterminated: true };
    i = readChar(source, i, out);
  }
  return { bytes: Buffer.from(out), end: i < source.length ? i + 1 : i, unterminated: i >= source.length };
}

/** Appends the bytes of one (possibly escaped) character and returns the next index. */
function readChar(source: string, i: number, out: number[]): number {
  if (source[i] === '\\' && i + 1 < source.length) {
    const digits = source.slice(i + 1, i + 4);
    if (/^\d{3}$/.test(digits) && Number(digits) <= 255) {
      out.push(Number(digits));
      return i + 4;
    }
    out.push(...Buffer.from(source[i + 1], 'utf8'));
    return i + 2;
  }
  const cp = source.codePointAt(i)!;
  const char = String.fromCodePoint(cp);
  out.push(...Buffer.from(char, 'utf8'));
  return i + char.length;
}
