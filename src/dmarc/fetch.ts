/**
 * `landed dmarc fetch`: the reports in the rua mailbox, over IMAP with the same connection code (and OAuth2)
 * as the seeds. Every message is read, oversized ones are skipped by their IMAP size before any byte is
 * fetched; import is idempotent by org + report id, so reading a folder again adds only what is new.
 * Nothing is moved or flagged: the mailbox stays as the user keeps it.
 */
import type { ImapFlow } from 'imapflow';
import { withDeadline } from '../async/deadline.ts';
import type { ResolvedDmarc } from '../config/types.ts';
import type { HistoryDb } from '../history/db.ts';
import { closeImap, openImap } from '../mailboxes/connect.ts';
import { importReportData, type ImportOutcome } from './import.ts';
import { refreshDmarcSources } from './sources.ts';
import { DEFAULT_LIMITS, mib, type ReportLimits } from './problem.ts';

export interface FetchOptions {
  limits?: ReportLimits;
  /** Only messages the server received on or after this day (IMAP SEARCH SINCE). */
  since?: Date;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const BATCH = 50;

export async function fetchReports(db: HistoryDb, mailbox: ResolvedDmarc, options: FetchOptions = {}): Promise<ImportOutcome[]> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const client = await openImap(mailbox.imap, { where: `dmarc mailbox ${mailbox.address}`, signal: options.signal, timeoutMs });
  const within = <T>(work: Promise<T>, what: string) => withDeadline(work, timeoutMs, what, () => client.close());
  const outcomes: ImportOutcome[] = [];
  try {
    for (const folder of mailbox.folders) {
      await within(client.mailboxOpen(folder, { readOnly: true }), `SELECT ${folder}`);
      const uids = (await within(client.search(options.since ? { since: options.since } : { all: true }, { uid: true }), `SEARCH ${folder}`)) || [];
      for (let i = 0; i < uids.length; i += BATCH) {
        if (options.signal?.aborted) throw options.signal.reason;
        outcomes.push(...(await fetchBatch(client, db, folder, uids.slice(i, i + BATCH), limits, within)));
      }
    }
  } finally {
    await closeImap(client);
  }
  refreshDmarcSources(db);
  return outcomes;
}

async function fetchBatch(
  client: ImapFlow,
  db: HistoryDb,
  folder: string,
  uids: number[],
  limits: ReportLimits,
  within: <T>(work: Promise<T>, what: string) => Promise<T>,
): Promise<ImportOutcome[]> {
  const sizes = await within(client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true }), `FETCH sizes in ${folder}`);
  const wanted = sizes.filter((m) => (m.size ?? 0) <= limits.maxInputBytes).map((m) => m.uid);
  const outcomes: ImportOutcome[] = sizes
    .filter((m) => (m.size ?? 0) > limits.maxInputBytes)
    .map((m) => ({ source: `imap:${folder}/${m.uid}`, status: 'skipped', problem: `${mib(m.size ?? 0)}: larger than the ${mib(limits.maxInputBytes)} read from one report` }));
  if (!wanted.length) return outcomes;
  // Collected first, imported after: no other IMAP command may run inside a FETCH.
  const messages = await within(
    client.fetchAll(wanted.join(','), { uid: true, source: { maxLength: limits.maxInputBytes } }, { uid: true }),
    `FETCH messages in ${folder}`,
  );
  for (const message of messages) {
    if (message.source) outcomes.push(await importReportData(db, message.source, `imap:${folder}/${message.uid}`, limits));
  }
  return outcomes;
}
