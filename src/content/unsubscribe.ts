import { capPrintable, LIMITS } from '../analysis/limits.ts';

/** What a one-click unsubscribe POST got (RFC 8058 section 3.2), recorded per probe with --unsubscribe-check. */
export interface UnsubscribeCheck {
  url?: string;
  /** The HTTP status; 2xx means the sender accepted the unsubscribe. */
  status?: number;
  ok: boolean;
  /** Why there was no status (no https URI, connection refused, timeout). */
  error?: string;
}

const TIMEOUT_MS = 15_000;

/**
 * POSTs `List-Unsubscribe=One-Click` to the https URI of a List-Unsubscribe header value, as a mailbox
 * provider does: form-encoded, no cookies, no credentials, redirects not followed, the answer's body
 * not read. The URI comes from received mail: only https, only a short one.
 */
export async function postOneClick(listUnsubscribe: string): Promise<UnsubscribeCheck> {
  const uri = /<(https:[^>\s]{1,2000})>/i.exec(listUnsubscribe)?.[1];
  if (!uri) return { ok: false, error: 'List-Unsubscribe has no https URI' };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, error: `not a URL: ${capPrintable(uri, LIMITS.short)}` };
  }
  const shown = capPrintable(url.href, LIMITS.short);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      credentials: 'omit',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { url: shown, status: response.status, ok: response.status >= 200 && response.status < 300 };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { url: shown, ok: false, error: capPrintable(cause?.code ?? cause?.message ?? (error as Error).message, LIMITS.short) };
  }
}
