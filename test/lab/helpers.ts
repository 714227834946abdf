import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { LabInfo, LabMailbox, LabRouteInfo } from '../../src/lab/index.ts';

/** Sends one message through a lab route the way landed would: its From, its envelope sender. */
export async function sendThrough(info: LabInfo, route: LabRouteInfo, to: string, subject: string): Promise<{ response: string }> {
  const transport = nodemailer.createTransport({
    host: route.host,
    port: route.port,
    secure: false,
    requireTLS: route.security === 'starttls',
    ignoreTLS: route.security === 'none',
    auth: route.auth,
    tls: { ca: readFileSync(info.caFile, 'utf8') },
  });
  try {
    const envelopeFrom = route.envelopeFrom ?? /<([^>]+)>/.exec(route.from)![1];
    return await transport.sendMail({ from: route.from, to, subject, text: `probe ${subject}\n`, envelope: { from: envelopeFrom, to: [to] } });
  } finally {
    transport.close();
  }
}

export interface FoundMessage {
  folder: string;
  specialUse?: string;
  source: string;
}

/** Logs in to a lab mailbox over IMAP with STARTTLS, trusting only the lab CA. */
export async function openMailbox(info: LabInfo, box: LabMailbox): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: box.imap.host,
    port: box.imap.port,
    secure: false,
    auth: { user: box.user, pass: box.pass },
    tls: { ca: readFileSync(info.caFile, 'utf8') },
    logger: false,
  });
  await client.connect();
  return client;
}

/**
 * Looks through every folder for a message whose Subject (or, with `inText`, any part: a DSN carries the
 * original Subject in its returned header) contains `token`, until `timeoutMs`.
 */
export async function findMessage(client: ImapFlow, token: string, timeoutMs = 20_000, inText = false): Promise<FoundMessage | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const folder of await client.list()) {
      await client.mailboxOpen(folder.path, { readOnly: true });
      const uids = await client.search(inText ? { text: token } : { subject: token }, { uid: true });
      if (uids && uids.length) {
        const message = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
        if (message && message.source) return { folder: folder.path, specialUse: folder.specialUse, source: message.source.toString('utf8') };
      }
    }
    if (Date.now() > deadline) return undefined;
    await sleep(200);
  }
}

/** The spf/dkim/dmarc results of the Authentication-Results header written by `authservId`. */
export function verdictsBy(source: string, authservId: string): Record<string, string> | undefined {
  const header = source.slice(0, source.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = header.split('\r\n').find((l) => l.toLowerCase().startsWith(`authentication-results: ${authservId.toLowerCase()};`));
  if (!line) return undefined;
  const verdicts: Record<string, string> = {};
  for (const [, method, result] of line.matchAll(/;\s*(spf|dkim|dmarc|arc)=(\w+)/gi)) verdicts[method.toLowerCase()] ??= result.toLowerCase();
  return verdicts;
}
