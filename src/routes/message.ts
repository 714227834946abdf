import { randomUUID } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ResolvedRoute } from '../config/types.ts';
import type { Probe } from '../plan/probe.ts';
import type { Scenario } from '../scenarios/types.ts';
import { domainOf } from '../address.ts';
import { envelopeFor } from './envelope.ts';
import type { RouteMessage } from './route.ts';

/** The header that carries the probe token (also in the Subject and the body, for providers that strip headers). */
export const TOKEN_HEADER = 'X-Landed-Token';

/**
 * The probe message for one token: the scenario's message with the token in Subject, header and body,
 * addressed To the seed (a message without To is scored as suspicious by receivers' filters).
 */
export function composeProbe(scenario: Scenario, token: string, defaultFrom: string, to?: string): SendMailOptions {
  const { message } = scenario;
  const stamp = `Reference: ${token}`;
  const from = message.from ?? defaultFrom;
  return {
    from,
    to,
    subject: `${message.subject} [${token}]`,
    text: message.text !== undefined || message.html === undefined ? `${message.text ?? ''}\n\n${stamp}\n` : undefined,
    html: message.html !== undefined ? `${message.html}\n<p style="color:#888;font-size:11px">${stamp}</p>` : undefined,
    // Chosen here, not by the composer, so that a route that hands fields to an application can pass it on.
    messageId: `<${randomUUID()}@${domainOf(from) ?? 'landed.invalid'}>`,
    headers: { ...message.headers, [TOKEN_HEADER]: token },
    attachments: message.attachments?.map((a) => ({ filename: a.filename, content: a.content, path: a.path, contentType: a.contentType })),
  };
}

/** The message as bytes, built once so that every retry sends exactly the same thing. */
export function composeRaw(options: SendMailOptions): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

/** Everything a route needs for one probe: envelope, bytes and fields, all decided before the route. */
export async function routeMessage(probe: Probe, scenario: Scenario, route: ResolvedRoute, recipient: string): Promise<RouteMessage> {
  const mail = composeProbe(scenario, probe.token, route.from, recipient);
  const { id, scenario: scenarioName, route: routeId, seed, provider, token } = probe;
  return {
    probe: { id, scenario: scenarioName, route: routeId, seed, provider, token },
    recipient,
    envelope: envelopeFor(route, scenario, recipient),
    raw: await composeRaw(mail),
    fields: {
      from: String(mail.from),
      to: recipient,
      subject: String(mail.subject),
      text: mail.text === undefined ? undefined : String(mail.text),
      html: mail.html === undefined ? undefined : String(mail.html),
      messageId: String(mail.messageId),
      token,
    },
  };
}
