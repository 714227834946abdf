/**
 * What each lab provider received, as a DMARC receiver keeps it for its aggregate reports: per policy
 * domain, one row per (source IP, identifiers, results, disposition) with a message count. Filled by the MX
 * on every message it judged (refused ones too); emptied per (provider, domain) once a report is sent.
 */
import { domainOf } from '../../address.ts';
import type { LabMailHost } from '../world.ts';
import type { DaemonContext } from './daemon-context.ts';

export interface LedgerRow {
  ip: string;
  headerFrom: string;
  envelopeFrom: string;
  disposition: 'none' | 'pass' | 'quarantine' | 'reject';
  dkimAligned: boolean;
  spfAligned: boolean;
  dkim: Array<{ domain: string; selector: string; result: string }>;
  spf: { domain: string; result: string };
  count: number;
}

export interface LedgerEntry {
  provider: string;
  policyDomain: string;
  policy: { p: string; sp: string; np?: string; adkim: 'r' | 's'; aspf: 'r' | 's'; testing: 'y' | 'n' };
  since: number;
  rows: Map<string, LedgerRow>;
}

/** mailauth's authenticate() result, the parts a report needs. */
export interface AuthForLedger {
  spf: { domain?: string; status?: { result?: string } } | false;
  dkim: { results?: Array<{ signingDomain?: string; selector?: string; status?: { result?: string } }> };
  dmarc:
    | { status?: { result?: string; header?: { from?: string } }; policyDomain?: string; p?: string; sp?: string; np?: string; testMode?: boolean;
        alignment?: { spf?: { result?: string | false; strict?: boolean }; dkim?: { result?: string | false; strict?: boolean } } }
    | false;
}

const ledgers = new WeakMap<DaemonContext, Map<string, LedgerEntry>>();

export function ledgerOf(ctx: DaemonContext): Map<string, LedgerEntry> {
  let ledger = ledgers.get(ctx);
  if (!ledger) ledgers.set(ctx, (ledger = new Map()));
  return ledger;
}

/** Records one judged message at a receiving provider (not at the senders' own mail host). */
export function recordForDmarcReports(ctx: DaemonContext, host: LabMailHost, ip: string, mailFrom: string, auth: AuthForLedger, action: 'inbox' | 'junk' | 'reject'): void {
  const dmarc = auth.dmarc;
  if (!dmarc || !dmarc.policyDomain || !ctx.state.world.providers.some((p) => p.id === host.id)) return;
  const dmarcPass = dmarc.status?.result === 'pass';
  const row: Omit<LedgerRow, 'count'> = {
    ip,
    headerFrom: (dmarc.status?.header?.from ?? dmarc.policyDomain).toLowerCase(),
    envelopeFrom: domainOf(mailFrom) ?? ip,
    disposition: action === 'reject' ? 'reject' : dmarcPass ? 'pass' : action === 'junk' ? 'quarantine' : 'none',
    dkimAligned: Boolean(dmarc.alignment?.dkim?.result),
    spfAligned: Boolean(dmarc.alignment?.spf?.result),
    dkim: (auth.dkim.results ?? []).filter((r) => r.signingDomain).map((r) => ({ domain: r.signingDomain!, selector: r.selector ?? '', result: r.status?.result ?? 'none' })),
    spf: { domain: (auth.spf && auth.spf.domain) || (domainOf(mailFrom) ?? ''), result: (auth.spf && auth.spf.status?.result) || 'none' },
  };
  const ledger = ledgerOf(ctx);
  const key = `${host.id} ${dmarc.policyDomain}`;
  const entry = ledger.get(key) ?? {
    provider: host.id,
    policyDomain: dmarc.policyDomain,
    policy: {
      p: dmarc.p ?? 'none', sp: dmarc.sp ?? dmarc.p ?? 'none', np: dmarc.np,
      adkim: dmarc.alignment?.dkim?.strict ? 's' : 'r', aspf: dmarc.alignment?.spf?.strict ? 's' : 'r', testing: dmarc.testMode ? 'y' : 'n',
    },
    since: Date.now(),
    rows: new Map(),
  };
  const rowKey = JSON.stringify(row);
  const existing = entry.rows.get(rowKey);
  entry.rows.set(rowKey, { ...row, count: (existing?.count ?? 0) + 1 });
  ledger.set(key, entry);
}
