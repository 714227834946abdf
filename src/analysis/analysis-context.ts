import type { Resolver } from '../dns/resolver.ts';

/** What analysis needs to know besides the message itself. */
export interface AnalysisContext {
  /**
   * The receiving provider's authserv-ids (exact or `*.suffix`); empty: the topmost header's. The caller resolves
   * the provider preset (a seed carries it; providers/providerContext for `landed inspect`).
   */
  authservIds: string[];
  /** DNS for the independent verification: the lab's, live DNS, or a proposed zone. */
  resolver: Resolver;
  /** The probe is bulk mail: bulk-only sender requirements apply. */
  bulk?: boolean;
  /** What the run knows about the SMTP transaction; the provider's own trace fields win where present. */
  envelope?: { mailFrom?: string; ip?: string; helo?: string };
  /** DNS time budget for the whole message, in ms (default 10 s); each lookup gets at most 3 s of it. */
  timeoutMs?: number;
  /** The provider writes Authentication-Results without authserv-id (Microsoft). */
  authResultsWithoutId?: boolean;
  /** Host names (exact or `*.suffix`) of the provider's MTAs, when they differ from its authserv-ids (iCloud: `*.me.com`). */
  receiverHosts?: string[];
  /** Requirement rule sets to judge against ('gmail', 'yahoo', 'all'...); default: none. */
  requirements?: string[];
}

export const DEFAULT_DNS_BUDGET_MS = 10_000;
export const MAX_LOOKUP_MS = 3_000;
