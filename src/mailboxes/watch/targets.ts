import type { ImapFlow } from 'imapflow';
import pRetry, { AbortError } from 'p-retry';
import type { ResolvedSeed } from '../../config/types.ts';
import { closeImap, openImap } from '../connect.ts';
import { detectFolders } from '../folders.ts';
import { imapError, isPermanent, problemText, type ErrorContext } from '../imap-errors.ts';
import type { WatchTiming } from './timing.ts';
import type { WatchProblem } from './types.ts';

/** A folder a seed is watched in, and what finding a probe there means. */
export interface Target {
  path: string;
  placement: 'inbox' | 'spam';
}

export interface TargetOptions {
  context: ErrorContext;
  timing: WatchTiming;
  signal: AbortSignal;
  onProblem(problem: WatchProblem): void;
  log?(message: string): void;
}

/** The folders found, and the logged-in connection that found them, for the first watching session to go on with. */
export interface FoundTargets {
  targets: Target[];
  client: ImapFlow;
}

/**
 * The seed's inbox and junk folder. Tried three times unless the problem is permanent (a refused login, a
 * folder override that does not exist); throws the last problem as a LandedError.
 */
export function findTargets(seed: ResolvedSeed, options: TargetOptions): Promise<FoundTargets> {
  const { context, timing, signal, onProblem } = options;
  const attempt = async () => {
    try {
      return await detectTargets(seed, options);
    } catch (error) {
      const problem = imapError(error, context);
      throw isPermanent(problem) ? new AbortError(problem) : problem;
    }
  };
  return pRetry(attempt, {
    retries: 2,
    minTimeout: 250,
    maxTimeout: timing.maxBackoffMs,
    signal,
    onFailedAttempt: ({ error, retriesLeft, retryDelay }) => {
      if (retriesLeft > 0) onProblem({ fatal: false, message: `${problemText(imapError(error, context))}; trying again in ${(retryDelay / 1000).toFixed(1)} s` });
    },
  });
}

async function detectTargets(seed: ResolvedSeed, { timing, signal, onProblem, log }: TargetOptions): Promise<FoundTargets> {
  const client = await openImap(seed.imap, { where: seed.id, loginHint: seed.loginHint, timeoutMs: timing.opTimeoutMs, signal });
  try {
    const { inbox, spam } = await detectFolders(client, seed.folderNames, seed.folders, seed.id, timing.opTimeoutMs);
    log?.(`seed ${seed.id}: inbox ${inbox.path} (${inbox.how}), junk ${spam ? `${spam.path} (${spam.how})` : 'not found'}`);
    if (!spam) onProblem({ fatal: false, message: 'no junk folder identified: watching the inbox only (set folders.spam in landed.yaml)' });
    const targets: Target[] = [{ path: inbox.path, placement: 'inbox' }, ...(spam ? [{ path: spam.path, placement: 'spam' as const }] : [])];
    return { targets, client };
  } catch (error) {
    await closeImap(client);
    throw error;
  }
}
