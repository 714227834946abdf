import type { ParsedMail } from 'mailparser';
import { findTokens } from '../../plan/token.ts';
import { parseDeliveryStatus, type DsnRecipient } from './delivery-status.ts';
import { exchangeDetails, gmailDetails, smtpReplyLine } from './vendor-formats.ts';

export interface ParsedBounce {
  /** Probe tokens in the notification: in the returned message, its headers, or quoted text. */
  tokens: string[];
  code?: number;
  status?: string;
  diagnostic: string;
  reportingMta?: string;
  remoteMta?: string;
  recipient?: string;
  /** Message-IDs of the returned message or headers: what ties the notification to the message sent. */
  messageIds: string[];
}

/** Header values of a message, enough to tell a bounce from other mail before downloading it. */
export interface BounceHeaders {
  from?: string;
  subject?: string;
  contentType?: string;
  autoSubmitted?: string;
}

const BOUNCE_SUBJECT =
  /undeliver|delivery status notification|delivery (has )?fail|returned mail|failure notice|mail delivery failed|non remis|unzustellbar|nicht zugestellt|no se puede entregar/i;
const BOUNCE_SENDER = /mailer-daemon|postmaster|mail delivery (sub)?system/i;

/** Whether a message is worth downloading as a possible bounce (vacation replies and read receipts are not). */
export function looksLikeBounce(headers: BounceHeaders): boolean {
  const type = headers.contentType ?? '';
  if (/multipart\/report/i.test(type)) return /report-type\s*=\s*"?delivery-status/i.test(type);
  if (/auto-replied/i.test(headers.autoSubmitted ?? '')) return false;
  return BOUNCE_SENDER.test(headers.from ?? '') || BOUNCE_SUBJECT.test(headers.subject ?? '');
}

const MAX_NESTED = 4;

/**
 * Reads a delivery status notification: the RFC 3464 delivery-status fields when present, else what Microsoft
 * 365 / Exchange or Gmail write in their human-readable text. Returns undefined for anything that is not a
 * failure report (a delay warning, a "delivered" report, an ordinary message).
 */
export async function parseBounce(raw: Buffer): Promise<ParsedBounce | undefined> {
  const { simpleParser } = await loadParser();
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 1024 * 1024 });
  const headers = {
    from: mail.from?.text,
    subject: mail.subject,
    contentType: contentTypeOf(mail),
    autoSubmitted: String(mail.headers.get('auto-submitted') ?? ''),
  };
  if (!looksLikeBounce(headers)) return undefined;

  const texts = [mail.text ?? '', ...(await attachmentTexts(mail, 0))];
  const dsn = parseDeliveryStatus(texts.join('\n'));
  const failed = dsn.recipients.find((r) => r.action === 'failed') ?? dsn.recipients.find((r) => !r.action);
  if (dsn.recipients.length > 0 && !failed) return undefined; // delayed / delivered / relayed: not a rejection
  const human = mail.text ?? '';
  const vendor = { ...gmailDetails(human), ...definedOnly(exchangeDetails(human)) };
  const diagnostic = failed?.diagnostic ?? vendor.diagnostic ?? smtpReplyLine(human) ?? mail.subject ?? 'bounced';
  return {
    tokens: findTokens(texts.join('\n') + `\n${mail.subject ?? ''}`),
    ...codes(failed, diagnostic),
    diagnostic: diagnostic.slice(0, 1000),
    reportingMta: dsn.reportingMta ?? vendor.reportingMta,
    remoteMta: failed?.remoteMta ?? vendor.remoteMta,
    recipient: failed?.finalRecipient,
    messageIds: [...new Set([...texts.slice(1).join('\n').matchAll(/^message-id:[ \t]*(<[^>\s]{1,250}>)/gim)].map((m) => m[1]))].slice(0, 10),
  };
}

/** Decoded text of the returned message or headers (and any other text-like attachment), nested at most a few deep. */
async function attachmentTexts(mail: ParsedMail, depth: number): Promise<string[]> {
  const out: string[] = [];
  for (const part of mail.attachments) {
    const type = part.contentType.toLowerCase();
    if (type === 'message/rfc822' || type === 'message/global' || type === 'text/rfc822-headers' || type === 'message/rfc822-headers') {
      const content = type.includes('headers') ? Buffer.concat([part.content, Buffer.from('\r\n\r\n')]) : part.content;
      const { simpleParser } = await loadParser();
      const inner = await simpleParser(content, { skipImageLinks: true, skipTextLinks: true });
      out.push(inner.subject ?? '', headerText(inner), inner.text ?? '');
      if (depth < MAX_NESTED) out.push(...(await attachmentTexts(inner, depth + 1)));
    } else if (type.startsWith('text/') || type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      out.push(part.content.toString('utf8'));
    }
  }
  return out;
}

function headerText(mail: ParsedMail): string {
  return mail.headerLines.map((h) => h.line).join('\n');
}

function contentTypeOf(mail: ParsedMail): string {
  const value = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (!value) return '';
  return [value.value, ...Object.entries(value.params ?? {}).map(([k, v]) => `${k}=${v}`)].join('; ');
}

/** Reply code and enhanced status: the DSN's Status first, else read from the diagnostic text. */
function codes(recipient: DsnRecipient | undefined, diagnostic: string): { code?: number; status?: string } {
  const code = /(?:^|\s)([245]\d\d)(?=[\s-]|$)/.exec(diagnostic)?.[1];
  const status = recipient?.status ?? /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(diagnostic)?.[1];
  return { code: code ? Number(code) : undefined, status };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** mailparser is loaded at the first bounce, not at every start of landed (a few hundred ms of CPU, issue 18). */
function loadParser(): Promise<typeof import('mailparser')> {
  return import('mailparser');
}
