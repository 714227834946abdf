import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { ResolvedRoute } from '../../config/types.ts';
import { withDeadline } from '../../async/deadline.ts';
import { fatalOnce } from '../watch/fatal-once.ts';
import { FolderSession, newOnes, uidSetOf, type NewMessages } from '../watch/folder-session.ts';
import { DEFAULT_TIMING, type WatchTiming } from '../watch/timing.ts';
import type { FoundBounce, SeedWatch, WatchOptions } from '../watch/types.ts';
import { looksLikeBounce, parseBounce, type ParsedBounce } from './parse.ts';
import { watchHandle } from '../watch/handle.ts';
import { headerFields, unfoldedHeader } from '../header-fields.ts';

// A notification carries at most the returned message; its fields and the token sit near the start.
const MAX_BOUNCE_BYTES = 512 * 1024;

/**
 * Watches a route's bounce mailbox for delivery status notifications and reports each one that names an
 * awaited probe token (the returned message or headers carry it). Headers are looked at first; only
 * bounce-looking messages are downloaded. `onProblem` gets the route id in `seedId`.
 */
export function watchBounces(route: ResolvedRoute, options: WatchOptions & BounceWatchOptions): SeedWatch {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const wanted = new Set([...options.tokens].map((t) => t.toLowerCase()));
  const stopper = new AbortController();
  const signal = AbortSignal.any([options.signal, stopper.signal]);
  const where = `route ${route.id} bounces`;
  const sessions: FolderSession[] = [];
  const onProblem = fatalOnce((problem) => options.onProblem({ seedId: route.id, ...problem }), stopper);

  const bounces = route.bounces;
  if (bounces && wanted.size > 0) {
    const groups = bounces.folders.length <= 2 ? bounces.folders.map((f) => [f]) : [bounces.folders];
    for (const folders of groups) {
      sessions.push(
        new FolderSession({
          endpoint: bounces.imap,
          where,
          folders,
          since: options.since,
          criteria: {},
          readOnly: true,
          timing,
          signal,
          isDone: () => signal.aborted || wanted.size === 0,
          onProblem,
          handle: (client, folder, messages) => collectBounces(client, folder, messages, { wanted, timing, onBounce: options.onBounce, parse: options.parse ?? parseBounce }),
        }),
      );
    }
  }
  const done = Promise.all(sessions.map((s) => s.run())).then(() => {});
  return watchHandle(wanted, sessions, stopper, done);
}

export interface BounceWatchOptions {
  onBounce(bounce: FoundBounce): void | Promise<void>;
  /** Reads a downloaded notification; by default on this thread (a run hands it to its analysis workers). */
  parse?(raw: Buffer): Promise<ParsedBounce | undefined>;
}

interface BounceContext extends Required<BounceWatchOptions> {
  wanted: Set<string>;
  timing: WatchTiming;
}

/** Hands over the bounces among the new messages; returns the highest UID it looked at. */
async function collectBounces(client: ImapFlow, folder: string, messages: NewMessages, ctx: BounceContext): Promise<number | undefined> {
  const within = <T>(work: Promise<T>, what: string) => withDeadline(work, ctx.timing.opTimeoutMs, `${what} in ${folder}`, () => client.close());
  const fetched = await within(
    client.fetchAll(uidSetOf(messages), { uid: true, internalDate: true, headers: ['from', 'subject', 'content-type', 'auto-submitted'] }, { uid: true }),
    'FETCH headers',
  );
  const { fresh, highest } = newOnes(messages, fetched);
  for (const head of fresh.filter((m) => looksLikeBounce(headerValues(m)))) {
    const full = await within(client.fetchOne(String(head.uid), { uid: true, source: { maxLength: MAX_BOUNCE_BYTES } }, { uid: true }), 'FETCH message');
    if (!full || !full.source) continue;
    const bounce = await ctx.parse(full.source).catch(() => undefined);
    for (const token of bounce?.tokens.filter((t) => ctx.wanted.has(t)) ?? []) {
      ctx.wanted.delete(token);
      const { code, status, diagnostic, reportingMta, remoteMta, recipient, messageIds } = bounce!;
      const receivedAt = head.internalDate ? new Date(head.internalDate) : new Date();
      await ctx.onBounce({ token, code, status, diagnostic, reportingMta, remoteMta, recipient, messageIds, receivedAt });
    }
  }
  return highest;
}

/** The few header fields looksLikeBounce reads, from a FETCH of those headers. */
function headerValues(message: FetchMessageObject) {
  const header = unfoldedHeader(message.headers ?? Buffer.alloc(0));
  const field = (name: string) => headerFields(header, name)[0];
  return { from: field('from'), subject: field('subject'), contentType: field('content-type'), autoSubmitted: field('auto-submitted') };
}
