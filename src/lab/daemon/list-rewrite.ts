/**
 * What a mailing list does to a message. The plain list only adds its List-* headers (which the sender's DKIM
 * did not sign, so the signature survives); the rewriting list does what lists do for DMARC (Mailman's
 * from_is_list = munge): From becomes the list, the author moves to Reply-To, the Subject gets a tag and the
 * body a footer, so the author's DKIM signature breaks and the list's own signature is what aligns.
 */
import { domainOf, localPartOf } from '../../address.ts';

export function listHeaders(list: string): string {
  return `List-Id: <${localPartOf(list)}.${domainOf(list)}>\r\nList-Post: <mailto:${list}>\r\n`;
}

export function rewriteForList(raw: Buffer, list: string): Buffer {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = (split >= 0 ? raw.subarray(0, split) : raw).toString('utf8');
  const body = split >= 0 ? raw.subarray(split + 4) : Buffer.alloc(0);
  const local = localPartOf(list);
  const fields = headerText.split(/\r\n(?![ \t])/);
  const out: string[] = [];
  let author = '';
  let hasReplyTo = false;
  let base64 = false;
  for (const field of fields) {
    const name = field.slice(0, field.indexOf(':')).trim().toLowerCase();
    const value = field.slice(field.indexOf(':') + 1).trim();
    if (name === 'from') {
      author = value;
      const display = /^"?([^"<]*?)"?\s*</.exec(value)?.[1]?.trim() || value.replace(/[<>]/g, '');
      out.push(`From: "${display.replace(/["\\\r\n]/g, '')} via ${local}" <${list}>`);
    } else if (name === 'subject') {
      out.push(`Subject: [${local}] ${value}`);
    } else {
      if (name === 'reply-to') hasReplyTo = true;
      if (name === 'content-transfer-encoding' && /base64/i.test(value)) base64 = true;
      out.push(field);
    }
  }
  if (author && !hasReplyTo) out.push(`Reply-To: ${author}`);
  const footer = base64 ? '' : `\r\n-- \r\nYou are subscribed to ${list}.\r\n`;
  return Buffer.concat([Buffer.from(`${listHeaders(list)}${out.join('\r\n')}\r\n\r\n`), body, Buffer.from(footer)]);
}
