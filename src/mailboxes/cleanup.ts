import type { ImapFlow } from 'imapflow';
import type { ResolvedSeed } from '../config/types.ts';

export type CleanupAction = 'keep' | 'delete' | 'move';

/**
 * What to do with a found probe. Never moves anything out of the junk folder: that is a "not spam" signal to the
 * provider's filter and would falsify later runs. Deleting from the junk folder trains nothing.
 */
export function cleanupAction(seed: Pick<ResolvedSeed, 'cleanup' | 'cleanupFolder'>, placement: 'inbox' | 'spam'): CleanupAction {
  if (seed.cleanup === 'move' && (placement === 'spam' || !seed.cleanupFolder)) return 'keep';
  return seed.cleanup;
}

/** Deletes or moves found probes by UID in the selected folder (opened read-write), in one command. */
export async function cleanupProbes(client: ImapFlow, uids: number[], action: CleanupAction, targetFolder: string | undefined): Promise<void> {
  const set = uids.join(',');
  if (action === 'delete') await client.messageDelete(set, { uid: true });
  else if (action === 'move' && targetFolder) await client.messageMove(set, targetFolder, { uid: true });
}
