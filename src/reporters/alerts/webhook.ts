/** POSTs alerts to a webhook. The URL is a secret (Slack's carries the token): it never appears in errors. */
import type { Alert } from '../../history/alerts.ts';
import { LandedError } from '../../errors.ts';
import { createRedactor, type Redact } from '../../secrets.ts';
import { alertPayload, type AlertContext, type WebhookFormat } from './payloads.ts';

export interface WebhookOptions {
  url: string;
  format: WebhookFormat;
  timeoutMs?: number;
}

export async function sendAlerts(alerts: Alert[], context: AlertContext, webhook: WebhookOptions): Promise<void> {
  if (!alerts.length) return;
  const host = safeHost(webhook.url);
  let response: Response;
  try {
    response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertPayload(webhook.format, alerts, context)),
      signal: AbortSignal.timeout(webhook.timeoutMs ?? 10_000),
      redirect: 'error',
    });
  } catch (error) {
    throw new LandedError('CONNECT_FAILED', `the alert webhook at ${host} could not be reached: ${(error as Error).name}`, {
      where: 'alerts',
      hint: 'Check LANDED_ALERT_WEBHOOK and that this machine may reach it.',
    });
  }
  if (!response.ok) {
    // Servers echo the URL they were asked for (a 404 page): its path and query are the secret, in any form.
    const body = urlRedactor(webhook.url)((await response.text().catch(() => '')).slice(0, 2000))
      .replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ')
      .slice(0, 200);
    throw new LandedError('CONNECT_FAILED', `the alert webhook at ${host} answered ${response.status}${body ? `: ${body}` : ''}`, {
      where: 'alerts',
      hint: 'Check the webhook URL and its format (--alert slack|teams|generic).',
    });
  }
}

function urlRedactor(url: string): Redact {
  const { pathname, search, hash } = new URL(url);
  const parts = [url, pathname + search + hash, pathname, search, ...pathname.split('/'), ...search.slice(1).split('&')];
  return createRedactor(parts.map(decoded).concat(parts));
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Scheme and host only: the path of a webhook URL is its secret. */
function safeHost(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    throw new LandedError('USAGE', 'the alert webhook URL is not a URL', { where: 'alerts', hint: 'Set LANDED_ALERT_WEBHOOK to the https URL of the webhook.' });
  }
}
