import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Scenario } from '../scenarios/types.ts';

/** The header that carries the probe token (also in the Subject and the body, for providers that strip headers). */
export const TOKEN_HEADER = 'X-Landed-Token';

/**
 * The probe message for one token: the scenario's message with the token in Subject, header and body,
 * addressed To the seed (a message without To is scored as suspicious by receivers' filters).
 */
export function composeProbe(scenario: Scenario, token: string, defaultFrom: string, to?: string): SendMailOptions {
  const { message } = scenario;
  const stamp = `Reference: ${token}`;
  return {
    from: message.from ?? defaultFrom,
    to,
    subject: `${message.subject} [${token}]`,
    text: message.text !== undefined || message.html === undefined ? `${message.text ?? ''}\n\n${stamp}\n` : undefined,
    html: message.html !== undefined ? `${message.html}\n<p style="color:#888;font-size:11px">${stamp}</p>` : undefined,
    headers: { ...message.headers, [TOKEN_HEADER]: token },
    attachments: message.attachments?.map((a) => ({ filename: a.filename, content: a.content, path: a.path, contentType: a.contentType })),
  };
}

/** The message as bytes, built once so that every retry sends exactly the same thing. */
export function composeRaw(options: SendMailOptions): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}
