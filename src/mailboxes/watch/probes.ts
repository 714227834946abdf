import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { findTokens } from '../../plan/token.ts';
import { withDeadline } from '../../async/deadline.ts';
import { classifyTabs } from '../gmail-tabs.ts';
import type { FoundProbe } from './types.ts';

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
  onFound(probe: FoundProbe): void | Promise<void>;
  /** Deletes or moves the probe after the run has it. */
  cleanup(client: ImapFlow, uid: number): Promise<void>;
}

/**
 * Looks at candidate messages (their Subject matched "landed-"), keeps the ones carrying an awaited token,
 * and hands each over with its raw source. Headers first for the whole batch, then one message at a time:
 * never a command inside a fetch loop, and never more than one raw message in memory.
 */
export async function collectProbes(client: ImapFlow, uids: number[], ctx: ProbeBatchContext): Promise<void> {
  const within = <T>(work: Promise<T>, what: string) => withDeadline(work, ctx.opTimeoutMs, `${what} in ${ctx.folder}`, () => client.close());
  const heads = await within(
    client.fetchAll(uids.join(','), { uid: true, envelope: true, internalDate: true, size: true, headers: ['x-landed-token'] }, { uid: true }),
    'FETCH headers',
  );
  const detectedAt = new Date();
  const hits = heads.flatMap((message) => {
    const token = awaitedToken(message, ctx.wanted) ?? (ctx.found && awaitedToken(message, ctx.found));
    return token ? [{ message, token }] : [];
  });
  if (hits.length === 0) return;
  const tabs = ctx.readTabs && ctx.placement === 'inbox' ? await classifyTabs(client, hits.map((h) => h.message.uid), within) : undefined;

  for (const { message, token } of hits) {
    if (!ctx.wanted.has(token)) {
      // Found already (here or in another folder): a second delivery, when the caller counts copies.
      if (ctx.found?.has(token)) await reportCopy(client, message, token, ctx, detectedAt, within);
      continue;
    }
    const full = await within(client.fetchOne(String(message.uid), { uid: true, source: { maxLength: ctx.maxMessageBytes } }, { uid: true }), 'FETCH message');
    const raw = (full && full.source) || Buffer.alloc(0);
    ctx.wanted.delete(token);
    ctx.found?.add(token);
    await ctx.onFound({
      token,
      seedId: ctx.seedId,
      folder: ctx.folder,
      placement: ctx.placement,
      tab: tabs?.get(message.uid),
      uid: message.uid,
      internalDate: toDate(message.internalDate) ?? detectedAt,
      detectedAt,
      noticedAt: ctx.noticedAt,
      raw,
      truncated: (message.size ?? raw.length) > ctx.maxMessageBytes,
    });
    await within(ctx.cleanup(client, message.uid), 'cleanup');
  }
}

async function reportCopy(
  client: ImapFlow,
  message: FetchMessageObject,
  token: string,
  ctx: ProbeBatchContext,
  detectedAt: Date,
  within: <T>(work: Promise<T>, what: string) => Promise<T>,
): Promise<void> {
  const internalDate = toDate(message.internalDate) ?? detectedAt;
  await ctx.onFound({ token, seedId: ctx.seedId, folder: ctx.folder, placement: ctx.placement, uid: message.uid, internalDate, detectedAt, noticedAt: ctx.noticedAt, raw: Buffer.alloc(0), truncated: false, copy: true });
  await within(ctx.cleanup(client, message.uid), 'cleanup');
}

/** The awaited token in the Subject, else in the X-Landed-Token header (a provider may rewrite the Subject). */
function awaitedToken(message: FetchMessageObject, wanted: Set<string>): string | undefined {
  const fromSubject = findTokens(message.envelope?.subject ?? '').find((t) => wanted.has(t));
  return fromSubject ?? findTokens(message.headers?.toString('utf8') ?? '').find((t) => wanted.has(t));
}

function toDate(value: Date | string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
