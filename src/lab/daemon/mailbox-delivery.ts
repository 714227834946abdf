import nodemailer from 'nodemailer';
import { setTimeout as sleep } from 'node:timers/promises';
import { domainOf, localPartOf } from '../../address.ts';
import type { LabMailHost } from '../world.ts';
import type { DaemonContext } from './daemon-context.ts';

const RETRY_MS = 500;
const GIVE_UP_MS = 10 * 60_000;

/**
 * Hands an accepted message to the mail host's Dovecot over LMTP, into `folder` by the address detail
 * (seed1+Junk@strict.test). Like a provider's internal queue it keeps trying while Dovecot is down, so
 * mail accepted during a Dovecot restart still arrives.
 */
export async function fileIntoMailbox(
  ctx: DaemonContext,
  host: LabMailHost,
  message: { raw: Buffer; from: string; to: string; folder: string; queueId: string },
  delayMs: number,
): Promise<void> {
  if (delayMs > 0) await sleep(delayMs);
  const [local, domain] = splitAddress(mailboxOf(host, message.to));
  const lmtpRcpt = message.folder === 'INBOX' ? `${local}@${domain}` : `${local}+${message.folder}@${domain}`;
  const transport = nodemailer.createTransport({
    lmtp: true,
    host: host.imap.address,
    port: host.lmtpPort,
    name: host.mx.hostname,
    localAddress: host.mx.address, // Dovecot's Received header then names the MX, not 127.0.0.1
    ignoreTLS: true,
    connectionTimeout: 3000,
  });
  const started = Date.now();
  const part = `mx:${host.id}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await transport.sendMail({ envelope: { from: message.from, to: [lmtpRcpt] }, raw: message.raw });
      ctx.events.add({ part, kind: 'filed', queueId: message.queueId, from: message.from, to: message.to, detail: message.folder, attempt });
      transport.close();
      return;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if ((code && code >= 500) || Date.now() - started > GIVE_UP_MS) {
        ctx.events.add({ part, kind: 'error', queueId: message.queueId, to: message.to, detail: `LMTP gave up: ${(error as Error).message}`, attempt });
        transport.close();
        return;
      }
      if (attempt === 1) ctx.events.add({ part, kind: 'deferred', queueId: message.queueId, to: message.to, detail: `LMTP: ${(error as Error).message}`, attempt });
      await sleep(RETRY_MS);
    }
  }
}

/** The Dovecot user a recipient maps to: itself, or the domain's catch-all box on the mail host. */
export function mailboxOf(host: LabMailHost, address: string): string {
  const lower = address.toLowerCase();
  if (host.users.includes(lower)) return lower;
  return host.catchAll?.[splitAddress(lower)[1]] ?? lower;
}

/** Whether the host has a mailbox for this recipient (else 550 5.1.1, as a real MX says). */
export function hasMailbox(host: LabMailHost, address: string): boolean {
  return host.users.includes(mailboxOf(host, address));
}

function splitAddress(address: string): [string, string] {
  return [localPartOf(address), domainOf(address) ?? ''];
}
