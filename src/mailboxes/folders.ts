import type { ImapFlow, ListResponse } from 'imapflow';
import type { ResolvedSeed } from '../config/types.ts';
import { LandedError } from '../errors.ts';
import { withDeadline } from '../async/deadline.ts';
import { GUESSED_SPAM_NAMES } from '../providers/guessed-spam-names.ts';

/** How a folder was found, strongest first. The seed's override wins over everything. */
/** The folder names a provider uses, most likely first (ResolvedSeed.folderNames). */
export type FolderNames = ResolvedSeed['folderNames'];

export type FolderSource = 'override' | 'special-use' | 'preset' | 'guessed';

export interface DetectedFolder {
  path: string;
  how: FolderSource;
}

export interface DetectedFolders {
  inbox: DetectedFolder;
  /** Absent when no junk folder could be identified: the seed is then watched in the inbox only. */
  spam?: DetectedFolder;
}

/** Lists the mailbox's folders and picks its inbox and junk folder (see pickFolders). */
export async function detectFolders(
  client: ImapFlow,
  names: FolderNames,
  overrides: ResolvedSeed['folders'],
  where: string,
  timeoutMs = 30_000,
): Promise<DetectedFolders> {
  const folders = await withDeadline(client.list(), timeoutMs, 'LIST', () => client.close());
  return pickFolders(folders, names, overrides, where);
}

/**
 * Picks the inbox and the junk folder: the seed's override, else the server's SPECIAL-USE \Junk flag (only when
 * the server advertises SPECIAL-USE or XLIST), else the preset's names in order, else a known name in any
 * language. Names match case-insensitively, whatever the server's hierarchy delimiter or an `INBOX.` prefix.
 */
export function pickFolders(folders: ListResponse[], names: FolderNames, overrides: ResolvedSeed['folders'], where: string): DetectedFolders {
  const selectable = folders.filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'));
  const inbox = overrides.inbox
    ? { path: findOverride(selectable, overrides.inbox, 'inbox', where), how: 'override' as const }
    : { path: findByName(selectable, names.inbox)?.path ?? 'INBOX', how: 'preset' as const };
  return { inbox, spam: pickSpam(selectable, names, overrides, where) };
}

function pickSpam(folders: ListResponse[], names: FolderNames, overrides: ResolvedSeed['folders'], where: string): DetectedFolder | undefined {
  if (overrides.spam) return { path: findOverride(folders, overrides.spam, 'spam', where), how: 'override' };
  const flagged = folders.find((f) => f.specialUse === '\\Junk' && f.specialUseSource === 'extension');
  if (flagged) return { path: flagged.path, how: 'special-use' };
  for (const name of names.spam) {
    const found = findByName(folders, name);
    if (found) return { path: found.path, how: 'preset' };
  }
  // imapflow's own table of localized names, then ours (it lacks "Bulk", "Spamverdacht"...).
  const guessed =
    folders.find((f) => f.specialUse === '\\Junk') ??
    GUESSED_SPAM_NAMES.map((name) => folders.find((f) => sameName(f.name, name))).find(Boolean);
  return guessed ? { path: guessed.path, how: 'guessed' } : undefined;
}

function findOverride(folders: ListResponse[], wanted: string, role: string, where: string): string {
  const found = folders.find((f) => f.path === wanted) ?? findByName(folders, wanted);
  if (found) return found.path;
  const known = folders.map((f) => JSON.stringify(f.path)).join(', ');
  throw new LandedError('CONFIG_INVALID', `folders.${role} "${wanted}" does not exist in this mailbox`, {
    where,
    hint: `folders on the server: ${known || '(none)'}`,
  });
}

/** A folder by its full name, `/` standing for any delimiter (preset names are written with `/`). */
function findByName(folders: ListResponse[], name: string): ListResponse | undefined {
  const wanted = fold(name);
  return folders.find((f) => {
    const path = fold(f.delimiter ? f.path.split(f.delimiter).join('/') : f.path);
    return path === wanted || path === `inbox/${wanted}`;
  });
}

function sameName(a: string, b: string): boolean {
  return fold(a) === fold(b);
}

function fold(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
