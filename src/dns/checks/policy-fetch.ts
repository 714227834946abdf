/** The default MTA-STS policy fetcher: HTTPS GET, no redirects (RFC 8461 section 3.3), capped size and time. */
import type { PolicyFetcher } from '../types.ts';

const MAX_POLICY_BYTES = 64 * 1024;
const TIMEOUT_MS = 10_000;

export const fetchPolicyOverHttps: PolicyFetcher = async (url) => {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_POLICY_BYTES) {
      await reader.cancel();
      throw new Error(`the policy is larger than ${MAX_POLICY_BYTES / 1024} KiB`);
    }
    chunks.push(value);
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: Buffer.concat(chunks).toString('utf8') };
};
