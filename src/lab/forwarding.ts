/**
 * Forwarding in the lab world: a forwarder and two mailing lists, each on its own address, re-sending what
 * they receive to mailboxes at the lab providers from an address that is in no sender's SPF. This is where
 * SPF-only DMARC passes break and DKIM-aligned mail survives, and where ARC is seen (and honoured, or not).
 * world.ts adds these to the lab; the daemon's forwarder.ts runs them.
 */
import type { SenderDomain } from './world.ts';

/** What a forwarding address does with a message before re-sending it. */
export type ForwardKind =
  /** A plain forward (a .forward file, an alias): envelope sender kept, message untouched, no SRS. */
  | 'forward'
  /** A list that rewrites nothing in the message: its own bounce address as envelope sender, List-* headers added. */
  | 'list'
  /** A list that rewrites From to its own address (what lists do for DMARC), tags the Subject, adds a footer and signs. */
  | 'list-rewrite';

export interface ForwardAlias {
  /** The address probes are sent to, e.g. fwd1@forward.test. */
  address: string;
  kind: ForwardKind;
  /** The member mailbox at a provider it re-sends to, e.g. fwd1@strict.test. */
  member: string;
  provider: string;
  /** The seed id in landed.yaml: fwd-1, list-1... */
  seed: string;
  /** ARC-seal what it re-sends (RFC 8617), with the service's key. */
  seal: boolean;
}

/** One forwarding service: an SMTP server on its own address that is the MX of its domain. */
export interface LabForwarder {
  id: 'forward' | 'lists';
  domain: string;
  hostname: string;
  address: string;
  port: number;
  /** DKIM key (selector at <selector>._domainkey.<domain>) for ARC seals and, for the rewriting list, DKIM. */
  key: { selector: string; name: 'forward-arc' | 'lists-s1' };
  aliases: ForwardAlias[];
}

/** The two services, on `at(66)` and `at(67)`, and the domains they publish. */
export function labForwarders(at: (n: number) => string, smtpPort: number): { forwarders: LabForwarder[]; domains: SenderDomain[] } {
  const forwarders: LabForwarder[] = [
    {
      id: 'forward', domain: 'forward.test', hostname: 'mx.forward.test', address: at(66), port: smtpPort,
      key: { selector: 'arc', name: 'forward-arc' },
      aliases: [
        { address: 'fwd1@forward.test', kind: 'forward', member: 'fwd1@strict.test', provider: 'strict', seed: 'fwd-1', seal: true },
        { address: 'fwd2@forward.test', kind: 'forward', member: 'fwd2@bulk.test', provider: 'bulk', seed: 'fwd-2', seal: true },
      ],
    },
    {
      id: 'lists', domain: 'lists.test', hostname: 'mx.lists.test', address: at(67), port: smtpPort,
      key: { selector: 'l1', name: 'lists-s1' },
      aliases: [
        { address: 'list1@lists.test', kind: 'list', member: 'list1@strict.test', provider: 'strict', seed: 'list-1', seal: false },
        { address: 'list2@lists.test', kind: 'list-rewrite', member: 'list2@strict.test', provider: 'strict', seed: 'list-2', seal: true },
      ],
    },
  ];
  const domains: SenderDomain[] = [
    {
      name: 'forward.test', spf: [at(66)], mx: 'mx.forward.test', dkim: [{ selector: 'arc', key: 'forward-arc' }],
      story: 'A forwarder: re-sends to fwd1@strict.test and fwd2@bulk.test keeping the envelope sender (no SRS), so SPF fails at the receiver; ARC-seals what it forwards.',
    },
    {
      name: 'lists.test', spf: [at(67)], mx: 'mx.lists.test', dkim: [{ selector: 'l1', key: 'lists-s1' }],
      dmarc: 'v=DMARC1; p=none',
      story: 'Mailing lists: list1 rewrites nothing (its own envelope sender, List-* headers), list2 rewrites From to itself, tags the Subject, adds a footer, signs and ARC-seals.',
    },
  ];
  return { forwarders, domains };
}

/** Which sealers each provider honours: strict (Gmail-like) trusts both services, the others none. */
export const ARC_TRUST: Record<string, string[]> = { strict: ['forward.test', 'lists.test'] };
