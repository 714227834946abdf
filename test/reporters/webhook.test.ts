import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/history/alerts.ts';
import { sendAlerts } from '../../src/reporters/alerts/webhook.ts';

const received: { path: string; type?: string; body: unknown }[] = [];
let status = 200;
const server = createServer(async (req: IncomingMessage, res) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  received.push({ path: req.url ?? '', type: req.headers['content-type'], body: JSON.parse(text) });
  // A 404 echoes the URL it was asked for, as many web servers do: in plain, encoded and JSON form.
  if (status === 404) return res.writeHead(404).end(`{"error":"no route ${req.url}","url":${JSON.stringify(`http://127.0.0.1${req.url}`)},"q":"${encodeURIComponent(req.url ?? '')}"}`);
  res.writeHead(status).end(status === 200 ? 'ok' : 'invalid_token');
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const alerts: Alert[] = [
  { kind: 'inbox-below-expected', route: 'm365', provider: 'gmail', inboxRate: 0.6, text: 'm365 → gmail: inbox 60% (expected 90%, was 98%)' },
  { kind: 'auth-flip', route: 'm365', provider: 'gmail', check: 'dkim', from: 'pass', to: 'fail', text: 'm365 → <gmail>: DKIM pass → fail & more' },
];
const context = { runId: 'r1', reportUrl: 'https://acme.github.io/landed/r1/report.html' };

describe('alert webhook', () => {
  it('posts Slack, Teams and generic JSON payloads', async () => {
    received.length = 0;
    await sendAlerts(alerts, context, { url: `${base}/slack/T000/B000/secret`, format: 'slack' });
    await sendAlerts(alerts, context, { url: `${base}/teams`, format: 'teams' });
    await sendAlerts(alerts, context, { url: `${base}/generic`, format: 'generic' });
    expect(received.map((r) => [r.path, r.type])).toEqual([
      ['/slack/T000/B000/secret', 'application/json'],
      ['/teams', 'application/json'],
      ['/generic', 'application/json'],
    ]);
    const slack = received[0].body as { text: string; blocks: { text: { text: string } }[] };
    expect(slack.text).toBe('landed run r1: 2 placement alerts');
    expect(slack.blocks[1].text.text).toBe(
      '• m365 → gmail: inbox 60% (expected 90%, was 98%)\n• m365 → &lt;gmail&gt;: DKIM pass → fail &amp; more\n<https://acme.github.io/landed/r1/report.html|Open the report>',
    );
    const card = (received[1].body as { attachments: { contentType: string; content: { body: { text: string }[]; actions: { url: string }[] } }[] }).attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body.map((b) => b.text)).toEqual(['landed run r1: 2 placement alerts', `- ${alerts[0].text}`, `- ${alerts[1].text}`]);
    expect(card.content.actions[0].url).toBe(context.reportUrl);
    expect(received[2].body).toEqual({ source: 'landed', runId: 'r1', reportUrl: context.reportUrl, alerts });
  });

  it('sends nothing when there is nothing to say', async () => {
    received.length = 0;
    await sendAlerts([], context, { url: `${base}/x`, format: 'generic' });
    expect(received).toEqual([]);
  });

  it('reports a refused webhook without revealing its secret path', async () => {
    status = 403;
    const error = await sendAlerts(alerts, context, { url: `${base}/hooks/very-secret-token`, format: 'slack' }).catch((e: Error) => e);
    status = 200;
    expect((error as Error).message).toBe(`the alert webhook at ${base} answered 403: invalid_token`);
    expect((error as Error).message).not.toContain('very-secret-token');
  });

  it('masks the secret path when the endpoint echoes the URL in its answer (issue 13 finding 3)', async () => {
    status = 404;
    const error = await sendAlerts(alerts, context, { url: `${base}/services/T0/B0/xoxb-Secret-Path-42`, format: 'slack' }).catch((e: Error) => e);
    status = 200;
    expect((error as Error).message).toContain('answered 404');
    expect((error as Error).message).not.toMatch(/xoxb|Secret-Path|T0%2FB0|B0\/xoxb/);
  });
});
