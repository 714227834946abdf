import type { ImapFlow } from 'imapflow';
import type { ResolvedSeed } from '../config/types.ts';
import { cleanupAction, cleanupProbes } from './cleanup.ts';
import { canReadTabs } from './gmail-tabs.ts';
import { imapError, problemText } from './imap-errors.ts';
import { credentialSecrets } from '../config/credentials.ts';
import { fatalOnce } from './watch/fatal-once.ts';
import { FolderSession } from './watch/folder-session.ts';
import { findTargets, type FoundTargets, type Target } from './watch/targets.ts';
import { collectProbes } from './watch/probes.ts';
import { DEFAULT_TIMING } from './watch/timing.ts';
import type { FoundProbe, SeedWatch, WatchOptions } from './watch/types.ts';
import { watchHandle } from './watch/handle.ts';

export { watchBounces, type BounceWatchOptions } from './bounces/watch.ts';
export type { FoundBounce, FoundProbe, SeedWatch, WatchOptions, WatchProblem } from './watch/types.ts';

/**
 * Watches one seed mailbox for probes: finds its inbox and junk folder, then one IMAP session per folder (one
 * polling session for both when the seed allows a single connection) reports each awaited token once, with
 * the folder, INTERNALDATE and raw message. Ends by itself when every token is found.
 */
export function watchSeed(seed: ResolvedSeed, options: WatchOptions & { onFound(probe: FoundProbe): void | Promise<void> }): SeedWatch {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const wanted = new Set([...options.tokens].map((t) => t.toLowerCase()));
  const stopper = new AbortController();
  const signal = AbortSignal.any([options.signal, stopper.signal]);
  const sessions: FolderSession[] = [];
  /** Tokens found once, whose further copies are reported when options.copies asks for them. */
  const found = new Set<string>();
  const isDone = () => signal.aborted || (!options.copies && wanted.size === 0);
  const onProblem = fatalOnce((problem) => options.onProblem({ seedId: seed.id, ...problem }), stopper);

  const context = { where: seed.id, endpoint: seed.imap, loginHint: seed.loginHint, secrets: credentialSecrets(seed.imap.auth) };

  function session(targets: Target[], client?: ImapFlow): FolderSession {
    return new FolderSession({
      endpoint: seed.imap,
      client,
      loggedInBefore: true,
      where: seed.id,
      loginHint: seed.loginHint,
      folders: targets.map((t) => t.path),
      since: options.since,
      criteria: { subject: 'landed-' },
      readOnly: seed.cleanup === 'keep',
      timing,
      signal,
      isDone,
      onProblem,
      handle: (client, folder, messages, noticedAt) => {
        const placement = targets.find((t) => t.path === folder)!.placement;
        const action = cleanupAction(seed, placement);
        return collectProbes(client, messages, {
          seedId: seed.id,
          folder,
          placement,
          wanted,
          found: options.copies ? found : undefined,
          readTabs: seed.gmailTabs && canReadTabs(client),
          maxMessageBytes: timing.maxMessageBytes,
          opTimeoutMs: timing.opTimeoutMs,
          noticedAt,
          onFound: async (probe) => {
            await options.onFound(probe);
            if (wanted.size === 0) for (const s of sessions) s.wake();
          },
          cleanup: action === 'keep' ? undefined : (c, uids) => cleanupProbes(c, uids, action, seed.cleanupFolder),
        });
      },
    });
  }

  let loggedIn!: () => void;
  const ready = new Promise<void>((resolve) => (loggedIn = resolve));
  const done = (async () => {
    if (isDone()) return;
    let found: FoundTargets;
    try {
      found = await findTargets(seed, { context, timing, signal, onProblem, log: options.log });
    } catch (error) {
      if (!signal.aborted) onProblem({ fatal: true, message: problemText(imapError(error, context)) });
      return;
    }
    loggedIn();
    const { targets, client } = found;
    // Gmail allows 15 connections per account, shared with every client: respect the seed's budget. The
    // connection that found the folders watches the first group (the inbox): one login fewer per seed.
    const groups = seed.maxConnections >= targets.length ? targets.map((t) => [t]) : [targets];
    sessions.push(...groups.map((group, i) => session(group, i === 0 ? client : undefined)));
    await Promise.all(sessions.map((s) => s.run()));
  })();

  return watchHandle(wanted, sessions, stopper, done, ready);
}
