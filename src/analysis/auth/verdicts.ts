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

/** What a receiver's non-RFC verdict word means, for reasons that quote it; undefined for an RFC 8601 word. */
export function rawWordMeaning(word: string): string | undefined {
  switch (word.toLowerCase()) {
    case 'test': return 'the signature verified, but its key is published in test mode (t=y), which receivers may ignore: remove t=y';
    case 'bestguesspass': return 'the domain publishes no SPF record and Microsoft guessed one from its MX and A records: publish an SPF record';
    case 'timeout': return 'the receiver gave up on a DNS lookup (a temporary error, not a verdict on the setup)';
    case 'hardfail': return 'a fail';
    case 'unknown': case 'skipped': case 'declined': return 'nothing was checked';
    case 'temperr': return 'a temporary error';
    case 'permerr': return 'a permanent error in the published record';
    default: return undefined;
  }
}

/** Results that say nothing about the sender's setup: the check could not run or was not reported. */
export function isInconclusive(result: AuthResult): boolean {
  return result === 'unknown' || result === 'temperror';
}
