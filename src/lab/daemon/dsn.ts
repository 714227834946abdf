import { randomBytes } from 'node:crypto';

export interface DsnInput {
  /** The MTA writing the report. */
  reportingMta: string;
  /** The envelope sender the report goes to. */
  to: string;
  queueId: string;
  arrivalDate: Date;
  recipient: string;
  action: 'failed' | 'delayed';
  status: string;
  remoteMta?: string;
  /** The last reply, e.g. "550 5.7.26 Unauthenticated email ...". */
  diagnostic: string;
  /** The original message; only its header is returned. */
  original: Buffer;
}

/**
 * A delivery status notification (RFC 3464): a multipart/report with a human part, the
 * message/delivery-status part a program reads, and the original header (text/rfc822-headers), which is
 * how a bounce is matched to the probe that caused it.
 */
export function buildDsn(input: DsnInput): Buffer {
  const boundary = `dsn-${randomBytes(8).toString('hex')}`;
  const date = rfc5322Date(new Date());
  const headerEnd = input.original.indexOf('\r\n\r\n');
  // The returned header is capped: it came from whoever sent the message.
  const originalHeader = input.original.subarray(0, Math.min(headerEnd >= 0 ? headerEnd + 2 : input.original.length, 64 * 1024)).toString('utf8');
  const human = input.action === 'failed'
    ? 'Your message could not be delivered to one or more recipients. It has been returned below.'
    : 'Your message has not been delivered yet. The mail system will keep trying.';
  const remote = input.remoteMta ? `host ${input.remoteMta} said: ` : '';
  const lines = [
    `From: Mail Delivery System <MAILER-DAEMON@${input.reportingMta}>`,
    `To: <${input.to}>`,
    `Subject: ${input.action === 'failed' ? 'Undelivered Mail Returned to Sender' : 'Delayed Mail (still being retried)'}`,
    `Date: ${date}`,
    `Message-ID: <${input.queueId}.${randomBytes(4).toString('hex')}@${input.reportingMta}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `This is the mail system at host ${input.reportingMta}.`,
    '',
    human,
    '',
    `<${input.recipient}>: ${remote}${input.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${input.reportingMta}`,
    `X-Queue-ID: ${input.queueId}`,
    `Arrival-Date: ${rfc5322Date(input.arrivalDate)}`,
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822; ${input.recipient}`,
    `Action: ${input.action}`,
    `Status: ${input.status}`,
    ...(input.remoteMta ? [`Remote-MTA: dns; ${input.remoteMta}`] : []),
    `Diagnostic-Code: smtp; ${input.diagnostic.replace(/\s+/g, ' ')}`,
    `Last-Attempt-Date: ${date}`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    originalHeader.replace(/\r?\n/g, '\r\n').trimEnd(),
    '',
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
