/**
 * RFC 2047 encoded words (`=?utf-8?Q?Gr=C3=BC=C3=9Fe?=`), decoded only for what a report shows (From,
 * Subject). A word that cannot be decoded is left as written.
 */
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g;
const BETWEEN_WORDS = /(\?=)\s+(=\?)/g;

export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value.replace(BETWEEN_WORDS, '$1$2').replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => {
    try {
      const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQ(text);
      return new TextDecoder(charset.toLowerCase(), { fatal: false }).decode(bytes);
    } catch {
      return word; // unknown charset
    }
  });
}

function decodeQ(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}
