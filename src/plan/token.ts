import { randomBytes } from 'node:crypto';

/** landed-<16 base32 chars>: 80 random bits, safe in a Subject, a header and a body, case-insensitive. */
export const TOKEN_PATTERN = /\blanded-[a-z2-7]{16}\b/;
const TOKEN_GLOBAL = new RegExp(TOKEN_PATTERN.source, 'gi');
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function newToken(): string {
  const bytes = randomBytes(16);
  let out = 'landed-';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

/** Every token in a text, lower-cased (a provider may change case in a Subject). */
export function findTokens(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(TOKEN_GLOBAL), (m) => m[0].toLowerCase()))];
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
