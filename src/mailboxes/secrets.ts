import { createRedactor } from '../secrets.ts';

/**
 * Makes a text from a server or library safe to show: secrets masked (in the forms the shared redactor knows),
 * anything after an AUTHENTICATE or LOGIN command word dropped (servers and libraries sometimes echo the
 * command), control characters removed, length capped. Received text is hostile: never show it unbounded.
 */
export function cleanText(text: string, secrets: Iterable<string> = [], max = 300): string {
  const out = createRedactor(secrets)(text)
    .replace(/\b(AUTHENTICATE|LOGIN)\b\s+\S.*$/gim, '$1 ...')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return out.length > max ? `${out.slice(0, max - 3)}...` : out;
}
