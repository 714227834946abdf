import type { Thresholds } from './types.ts';

/** rspamd's stock actions (Debian's /etc/rspamd/actions.conf): greylist 4, add header 6, reject 15. */
export const RSPAMD_THRESHOLDS: Thresholds = { greylist: 4, junk: 6, reject: 15 };

/** Where a score falls against thresholds, in the words a receiver's action would be described. */
export function verdictFor(score: number, t: Thresholds): 'inbox' | 'greylisted' | 'junk' | 'refused' {
  if (score >= t.reject) return 'refused';
  if (score >= t.junk) return 'junk';
  if (score >= t.greylist) return 'greylisted';
  return 'inbox';
}
