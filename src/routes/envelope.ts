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
 * what SPF and DMARC alignment are judged against is what was sent.
 */
export function envelopeFor(route: ResolvedRoute, _scenario: Scenario | undefined, recipient: string): Envelope {
  return { mailFrom: route.envelopeFrom ?? addressOf(route.from), rcptTo: [recipient] };
}

/** The bare address of "Name <addr>" (or the string itself). */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
