/**
 * Whether a delivery status notification may decide a probe's outcome. Anyone can mail the bounce mailbox,
 * and the probe token is in the message every receiver sees; so a DSN counts only when it comes from the
 * route's own reporting MTA, or when it returns the probe's own Message-ID for the seed it was sent to.
 */
export interface BounceEvidence {
  reportingMta?: string;
  recipient?: string;
  /** Message-IDs of the returned message or headers. */
  messageIds?: string[];
}

export interface SentProbe {
  /** The Message-ID the probe was sent with, when the journal has it. */
  messageId?: string;
  seedAddress: string;
  /** Host names the route's own MTA reports as (its SMTP host, and the names configured for its bounces). */
  reportingMtas: string[];
}

/** Undefined when the notification is trusted, else why it is not. */
export function untrustedBecause(bounce: BounceEvidence, sent: SentProbe): string | undefined {
  const lower = (s: string) => s.trim().toLowerCase();
  if (bounce.reportingMta && sent.reportingMtas.map(lower).includes(lower(bounce.reportingMta))) return undefined;
  const returnsOurMessage = Boolean(sent.messageId) && (bounce.messageIds ?? []).map(lower).includes(lower(sent.messageId!));
  const forOurSeed = !bounce.recipient || lower(bounce.recipient) === lower(sent.seedAddress);
  if (returnsOurMessage && forOurSeed) return undefined;
  if (!returnsOurMessage) return 'it neither comes from the route\'s reporting MTA nor returns the probe\'s Message-ID';
  return `it is about ${bounce.recipient}, not the seed ${sent.seedAddress}`;
}
