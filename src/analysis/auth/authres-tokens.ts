/** Tokens of an Authentication-Results value (RFC 8601 section 2.2), read leniently. */
export type AuthResToken =
  | { kind: 'word'; text: string; spaceBefore: boolean }
  | { kind: 'quoted'; text: string; spaceBefore: boolean }
  | { kind: 'comment'; text: string; spaceBefore: boolean }
  | { kind: 'equals' | 'semicolon'; text: string; spaceBefore: boolean };

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '=', '(', ')', '"']);

/**
 * Splits a value into words, quoted strings, comments (nested, kept as text), `=` and `;`. Unbalanced
 * quotes and comments run to the end of the value and are reported, never thrown.
 */
export function tokenizeAuthResults(value: string): { tokens: AuthResToken[]; problems: string[] } {
  const tokens: AuthResToken[] = [];
  const problems: string[] = [];
  let i = 0;
  let spaceBefore = false;
  while (i < value.length) {
    const c = value[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { spaceBefore = true; i++; continue; }
    if (c === ';' || c === '=') {
      tokens.push({ kind: c === ';' ? 'semicolon' : 'equals', text: c, spaceBefore });
      i++;
    } else if (c === '(') {
      const { text, end, closed } = readComment(value, i);
      if (!closed) problems.push('a comment "(" is never closed');
      tokens.push({ kind: 'comment', text, spaceBefore });
      i = end;
    } else if (c === '"') {
      const { text, end, closed } = readQuoted(value, i);
      if (!closed) problems.push('a quoted string is never closed');
      tokens.push({ kind: 'quoted', text, spaceBefore });
      i = end;
    } else if (c === ')') {
      problems.push('a stray ")"');
      i++;
    } else {
      let j = i;
      while (j < value.length && !WORD_END.has(value[j])) j++;
      tokens.push({ kind: 'word', text: value.slice(i, j), spaceBefore });
      i = j;
    }
    spaceBefore = false;
  }
  return { tokens, problems };
}

function readComment(value: string, start: number): { text: string; end: number; closed: boolean } {
  let depth = 0;
  let text = '';
  for (let i = start; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) { text += value[++i]; continue; }
    if (c === '(') { if (depth++ > 0) text += c; continue; }
    if (c === ')') {
      if (--depth === 0) return { text: text.trim(), end: i + 1, closed: true };
      text += c;
      continue;
    }
    text += c;
  }
  return { text: text.trim(), end: value.length, closed: false };
}

function readQuoted(value: string, start: number): { text: string; end: number; closed: boolean } {
  let text = '';
  for (let i = start + 1; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) { text += value[++i]; continue; }
    if (c === '"') return { text, end: i + 1, closed: true };
    text += c;
  }
  return { text, end: value.length, closed: false };
}
