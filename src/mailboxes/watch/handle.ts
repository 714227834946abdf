import type { FolderSession } from './folder-session.ts';
import type { SeedWatch } from './types.ts';

/** The handle the caller gets for a running watch: more tokens, stop, done. Shared by seed and bounce watches. */
export function watchHandle(wanted: Set<string>, sessions: FolderSession[], stopper: AbortController, done: Promise<void>, ready?: Promise<void>): SeedWatch {
  return {
    ready: ready ? Promise.race([ready, done]) : Promise.resolve(),
    add(tokens) {
      for (const token of tokens) wanted.add(token.toLowerCase());
      for (const session of sessions) session.wake();
    },
    async stop() {
      stopper.abort();
      await done;
    },
    done,
  };
}
