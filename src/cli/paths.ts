import { relative } from 'node:path';
import type { CliIO } from './command.ts';

/** A path as the user would type it: relative to where they are when it is below, absolute otherwise. */
export function shownPath(path: string, io: Pick<CliIO, 'cwd'>): string {
  const rel = relative(io.cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
