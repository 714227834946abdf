import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { findTokens } from '../../plan/token.ts';
import { decodeEncodedWords } from '../../text/encoded-words.ts';
import { headerFields, unfoldedHeader } from '../header-fields.ts';
import { withDeadline } from '../../async/deadline.ts';
import { classifyTabs, type GmailTab } from '../gmail-tabs.ts';
import type { FoundProbe } from './types.ts';
import { isNew, uidSetOf, type NewMessages } from './folder-session.ts';

export interface ProbeBatchContext {
  seedId: string;
  folder: string;
  placement: 'inbox' | 'spam';
  /** Tokens still awaited, lower-case; a found token is removed. */
  wanted: Set<string>;
  /** When given: a found token moves here, and a later message with it is reported as a copy. */
  found?: Set<string>;
  readTabs: boolean;
  maxMessageBytes: number;
  opTimeoutMs: number;
  /** When the server announced these messages (FolderSession). */
  noticedAt: Date;
  /** Resolves once the run has the probe for good (journaled): only then is it cleaned up on the server. */
  onFound(probe: FoundProbe): void | Promise<void>;
  /**
   * Deletes or moves the probes (UIDs in the selected folder) once the run has them. Absent (cleanup: keep):
   * the next scan does not wait for this batch's probes to be recorded.
   */
  cleanup?(client: ImapFlow, uids: number[]): Promise<void>;
}

/**
 * What the first FETCH brings of every candidate besides its size and INTERNALDATE: all of an ordinary probe
 * (tens of KB), the start of a large message. The token is read from the header block at its start: asking
 * the server for the ENVELOPE too doubled what a FETCH cost both sides (measured on Dovecot, 72 messages).
 * One round trip then finds and hands over a batch of probes; at most BATCH x FIRST_BYTES of messages that
 * turn out not to be awaited (another run's probes) are read for nothing.
 */
export const FIRST_BYTES = 64 * 1024;

/**
 * Raw bytes one further FETCH may bring in at once for messages larger than FIRST_BYTES (by the sizes the
 * first FETCH reported): memory stays bounded however large the messages.
 */
export const FETCH_BUDGET_BYTES = 8 * 1024 * 1024;

type Hit = { message: FetchMessageObject; token: string; detectedAt: Date };

/**
 * Looks at candidate messages (their Subject matched "landed-"), keeps the ones carrying an awaited token,
 * and hands each over with its raw source. One FETCH for the batch brings sizes and the first FIRST_BYTES of
 * each message, and each ordinary probe is handed over as its part of the answer arrives, not once the whole
 * batch has (in a burst of fifty, the first probe would wait for the other forty-nine). Larger ones are
 * fetched whole afterwards in as few FETCHes as the byte budget allows. A probe waits for no other probe's
 * disk write. Never a command inside a fetch loop: Gmail tabs, which take SEARCHes, are read once the batch
 * is in, and the cleanup of the batch comes last, in one command, once each probe of it is recorded.
 * Returns the highest UID it looked at.
 */
export async function collectProbes(client: ImapFlow, messages: NewMessages, ctx: ProbeBatchContext): Promise<number | undefined> {
  const within = <T>(work: Promise<T>, what: string) => withDeadline(work, ctx.opTimeoutMs, `${what} in ${ctx.folder}`, () => client.close());
  const first = Math.min(FIRST_BYTES, ctx.maxMessageBytes);
  const query = { uid: true, internalDate: true, size: true, source: { maxLength: first } };
  const recorded: Array<void | Promise<void>> = [];
  const handedOver: number[] = [];
  const larger: Hit[] = [];
  const copies: Hit[] = [];
  const sort = hitSorter(messages, ctx);
  let tabs: Map<number, GmailTab> | undefined;

  const handOver = ({ message, token, detectedAt }: Hit, raw: Buffer) => {
    // Claimed only once its source is here: a FETCH that fails leaves it awaited for the next scan.
    ctx.wanted.delete(token);
    ctx.found?.add(token);
    handedOver.push(message.uid);
    const internalDate = toDate(message.internalDate) ?? detectedAt;
    const truncated = (message.size ?? raw.length) > ctx.maxMessageBytes;
    recorded.push(ctx.onFound({ token, seedId: ctx.seedId, folder: ctx.folder, placement: ctx.placement, tab: tabs?.get(message.uid), uid: message.uid, internalDate, detectedAt, noticedAt: ctx.noticedAt, raw, truncated }));
  };
  const take = (hit: Hit, isCopy: boolean) => {
    const raw = hit.message.source ?? Buffer.alloc(0);
    const whole = first >= ctx.maxMessageBytes || (hit.message.size ?? (raw.length < first ? raw.length : Infinity)) <= first;
    if (isCopy) copies.push(hit);
    else if (whole) handOver(hit, raw);
    else larger.push(hit);
  };

  if (ctx.readTabs && ctx.placement === 'inbox') {
    const fetched = await within(client.fetchAll(uidSetOf(messages), query, { uid: true }), 'FETCH messages');
    const answeredAt = new Date();
    const hits = fetched.flatMap((message) => sort(message, answeredAt) ?? []);
    if (hits.length > 0) tabs = await classifyTabs(client, hits.map(({ hit }) => hit.message.uid), within);
    for (const { hit, isCopy } of hits) take(hit, isCopy);
  } else {
    const streaming = async () => {
      for await (const message of client.fetch(uidSetOf(messages), query, { uid: true })) {
        const sorted = sort(message, new Date());
        if (sorted) take(sorted.hit, sorted.isCopy);
      }
    };
    await within(streaming(), 'FETCH messages');
  }
  for (const group of byBudget(larger, FETCH_BUDGET_BYTES, ctx.maxMessageBytes)) {
    const byUid = new Map(group.map((hit) => [hit.message.uid, hit]));
    const fetching = async () => {
      for await (const full of client.fetch(group.map((h) => h.message.uid).join(','), { uid: true, source: { maxLength: ctx.maxMessageBytes } }, { uid: true })) {
        const hit = byUid.get(full.uid);
        // Not asked for, or already handed over (a server may repeat a message in its answer).
        if (hit && ctx.wanted.has(hit.token)) handOver(hit, full.source ?? Buffer.alloc(0));
      }
    };
    await within(fetching(), 'FETCH messages');
  }
  for (const { message, token, detectedAt } of copies) {
    if (!ctx.found?.has(token)) continue; // its find vanished before its source came: nothing to be a copy of
    const internalDate = toDate(message.internalDate) ?? detectedAt;
    recorded.push(ctx.onFound({ token, seedId: ctx.seedId, folder: ctx.folder, placement: ctx.placement, uid: message.uid, internalDate, detectedAt, noticedAt: ctx.noticedAt, raw: Buffer.alloc(0), truncated: false, copy: true }));
    handedOver.push(message.uid);
  }
  if (!ctx.cleanup) {
    void Promise.allSettled(recorded);
    return sort.highest();
  }
  await Promise.all(recorded);
  if (handedOver.length > 0) await within(ctx.cleanup(client, handedOver), 'cleanup');
  return sort.highest();
}

type Sorter = ((message: FetchMessageObject, detectedAt: Date) => { hit: Hit; isCopy: boolean } | undefined) & { highest(): number | undefined };

/**
 * Sorts the batch's messages one by one as they come: the first message of each awaited token is its find; a
 * further message with a token found before (here or earlier), when copies are counted, is a copy. Messages
 * that are not the batch's (`N:*` also matches a lower highest UID) are passed over; the highest UID among
 * the batch's is kept.
 */
function hitSorter(messages: NewMessages, ctx: ProbeBatchContext): Sorter {
  const claimed = new Set<string>();
  let highest: number | undefined;
  const sort = (message: FetchMessageObject, detectedAt: Date) => {
    if (!isNew(messages, message.uid)) return undefined;
    highest = Math.max(highest ?? 0, message.uid);
    const carried = tokensOf(message);
    const token = awaitedToken(carried, ctx.wanted) ?? (ctx.found && awaitedToken(carried, ctx.found));
    if (!token) return undefined;
    if (ctx.wanted.has(token) && !claimed.has(token)) {
      claimed.add(token);
      return { hit: { message, token, detectedAt }, isCopy: false };
    }
    return ctx.found ? { hit: { message, token, detectedAt }, isCopy: true } : undefined;
  };
  return Object.assign(sort, { highest: () => highest });
}

/** Consecutive groups whose announced sizes (each cut at what is fetched of it) stay within the budget. */
function byBudget(hits: Hit[], budget: number, maxMessageBytes: number): Hit[][] {
  const groups: Hit[][] = [];
  let current: Hit[] = [];
  let bytes = 0;
  for (const hit of hits) {
    const size = Math.max(1, Math.min(hit.message.size ?? maxMessageBytes, maxMessageBytes));
    if (current.length > 0 && bytes + size > budget) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(hit);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * The tokens a message carries where a probe puts them: its Subject (decoded: a long one is sent as encoded
 * words, which may cut the token), then its X-Landed-Token fields (a provider may rewrite the Subject). Never
 * the body, where a reply or a bounce may quote another probe's token.
 */
function tokensOf(message: FetchMessageObject): string[] {
  const header = unfoldedHeader(message.source ?? Buffer.alloc(0));
  const subject = headerFields(header, 'subject')[0] ?? '';
  return [...findTokens(decodeEncodedWords(subject)), ...findTokens(headerFields(header, 'x-landed-token').join(' '))];
}

/** The first of them that is awaited: the Subject's before the header's. */
function awaitedToken(carried: string[], wanted: Set<string>): string | undefined {
  return carried.find((t) => wanted.has(t));
}

function toDate(value: Date | string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
