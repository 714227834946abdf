/** The JSON bodies of the alert webhooks: Slack incoming webhooks, Microsoft Teams workflows, or generic. */
import type { Alert } from '../../history/alerts.ts';

export type WebhookFormat = 'slack' | 'teams' | 'generic';
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['slack', 'teams', 'generic'];

export interface AlertContext {
  runId: string;
  /** Link to the HTML report, when it is published somewhere. */
  reportUrl?: string;
}

const MAX_ALERTS = 30;
const title = (alerts: Alert[], runId: string) => `landed run ${runId}: ${alerts.length} placement alert${alerts.length === 1 ? '' : 's'}`;

export function alertPayload(format: WebhookFormat, alerts: Alert[], context: AlertContext): unknown {
  switch (format) {
    case 'slack':
      return slack(alerts, context);
    case 'teams':
      return teams(alerts, context);
    default:
      return { source: 'landed', runId: context.runId, reportUrl: context.reportUrl ?? null, alerts };
  }
}

/** Slack mrkdwn treats &, < and > as markup (links, mentions): escape them in every text we send. */
const slackText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slack(alerts: Alert[], { runId, reportUrl }: AlertContext) {
  const lines = alerts.slice(0, MAX_ALERTS).map((a) => `• ${slackText(a.text)}`);
  if (alerts.length > MAX_ALERTS) lines.push(`…and ${alerts.length - MAX_ALERTS} more`);
  const link = reportUrl ? `\n<${reportUrl.replace(/[<>|]/g, encodeURIComponent)}|Open the report>` : '';
  return {
    text: slackText(title(alerts, runId)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title(alerts, runId).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `${lines.join('\n')}${link}`.slice(0, 3000) } },
    ],
  };
}

/** An Adaptive Card message, what Teams' "post to a channel when a webhook request is received" flow takes. */
function teams(alerts: Alert[], { runId, reportUrl }: AlertContext) {
  const facts = alerts.slice(0, MAX_ALERTS).map((a) => ({ type: 'TextBlock', text: `- ${a.text}`, wrap: true }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: title(alerts, runId), wrap: true }, ...facts],
          actions: reportUrl ? [{ type: 'Action.OpenUrl', title: 'Open the report', url: reportUrl }] : [],
        },
      },
    ],
  };
}
