import { addressOf } from '../address.ts';
import type { ResolvedRoute } from '../config/types.ts';
import type { Scenario } from '../scenarios/types.ts';

/** The SMTP envelope of one probe. */
export interface Envelope {
  /** MAIL FROM: where bounces go, and the domain SPF checks. */
  mailFrom: string;
  rcptTo: string[];
}

/**
 * The envelope is decided here, before any route sees the message, and the analysis reads the same answer:
 * what SPF and DMARC alignment are judged against is what was sent. MAIL FROM follows the message: the
 * scenario's `envelopeFrom`, else the route's, else the address of the From the message carries (the
 * scenario's, else the route's), as mail clients, Microsoft 365 "send as" and most ERPs send it.
 */
export function envelopeFor(route: ResolvedRoute, scenario: Scenario | undefined, recipient: string): Envelope {
  const message = scenario?.message;
  const mailFrom = message?.envelopeFrom ?? route.envelopeFrom ?? addressOf(message?.from ?? route.from);
  return { mailFrom, rcptTo: [recipient] };
}
