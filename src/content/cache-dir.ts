import { homedir } from 'node:os';
import { join } from 'node:path';

/** landed's cache folder: $XDG_CACHE_HOME/landed, else ~/.cache/landed. Nothing in it is needed: all of it can be rebuilt. */
export function landedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'landed');
}
