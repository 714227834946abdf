import { MICROSOFT_JUNK_NAMES } from './microsoft365.ts';

/**
 * Junk folder names tried last, for any server (the `imap` preset included) that gives no SPECIAL-USE flag and
 * whose preset names did not match: the common English names, the big providers' names, and localized ones.
 * Matched case-insensitively against the last level of a folder path.
 */
export const GUESSED_SPAM_NAMES: readonly string[] = [
  'Junk',
  'Spam',
  'Junk Mail',
  'Bulk',
  'Bulk Mail',
  'Spamverdacht',
  'Unerwünscht',
  'Pourriel',
  'Indésirables',
  'Spam-Ordner',
  ...MICROSOFT_JUNK_NAMES,
];
