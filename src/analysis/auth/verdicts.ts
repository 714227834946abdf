import type { AuthResult } from '../types.ts';

/**
 * A verdict word as some receiver wrote it, in RFC 8601 terms. Non-RFC words map to their meaning:
 * Microsoft's `timeout` is a temperror and `test` a signature that verified with a key in test mode (t=y);
 * Yahoo's `unknown` means there was nothing to check; `hardfail` is a fail.
 */
export function normalizeVerdict(word: string | undefined): AuthResult {
  switch ((word ?? '').toLowerCase()) {
    case 'pass': case 'test': return 'pass';
    case 'fail': case 'hardfail': return 'fail';
    case 'softfail': return 'softfail';
    case 'neutral': return 'neutral';
    case 'none': case 'unknown': case 'skipped': case 'declined': return 'none';
    case 'temperror': case 'temperr': case 'timeout': return 'temperror';
    case 'permerror': case 'permerr': return 'permerror';
    case 'policy': return 'policy';
    case 'bestguesspass': return 'bestguesspass';
    default: return 'unknown';
  }
}

/** Results that say nothing about the sender's setup: the check could not run or was not reported. */
export function isInconclusive(result: AuthResult): boolean {
  return result === 'unknown' || result === 'temperror';
}
