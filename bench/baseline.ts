/**
 * The minimal baseline `landed run` is measured against: the same libraries, nothing else. Send every
 * message with nodemailer through one pooled transport, and wait for every token with one imapflow IDLE loop
 * per mailbox folder. No journal, no analysis, no retries, no reports.
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { findTokens } from '../src/plan/token.ts';

export interface BaselineMailbox {
  host: string;
  port: number;
  user: string;
  pass: string;
  ca: string;
  folders: string[];
}

export async function baselineRun(options: {
  relay: { host: string; port: number; user: string; pass: string; ca: string; from: string };
  probes: Array<{ to: string; token: string }>;
  mailboxes: BaselineMailbox[];
}): Promise<void> {
  const waiting = new Set(options.probes.map((p) => p.token));
  let allFound!: () => void;
  const done = new Promise<void>((resolve) => (allFound = resolve));
  const clients: ImapFlow[] = [];
  for (const mailbox of options.mailboxes) {
    for (const folder of mailbox.folders) {
      const client = new ImapFlow({ host: mailbox.host, port: mailbox.port, secure: false, auth: { user: mailbox.user, pass: mailbox.pass }, tls: { ca: mailbox.ca }, logger: false });
      await client.connect();
      await client.mailboxOpen(folder);
      clients.push(client);
      void idleLoop(client, waiting, allFound);
    }
  }
  const { relay } = options;
  const transport = nodemailer.createTransport({ pool: true, maxConnections: 3, host: relay.host, port: relay.port, requireTLS: true, auth: { user: relay.user, pass: relay.pass }, tls: { ca: relay.ca } });
  await Promise.all(options.probes.map((p) => transport.sendMail({ from: relay.from, to: p.to, subject: `baseline [${p.token}]`, text: `${p.token}\n` })));
  transport.close();
  await done;
  await Promise.all(clients.map((c) => c.logout().catch(() => {})));
}

/** Search by UID, then IDLE until the server announces a new message; a new command ends the IDLE. */
async function idleLoop(client: ImapFlow, waiting: Set<string>, allFound: () => void): Promise<void> {
  let lastUid = 0;
  let wake = () => {};
  client.on('exists', () => wake());
  while (waiting.size > 0) {
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((u) => u > lastUid);
    if (uids.length > 0) {
      for await (const message of client.fetch(uids, { envelope: true }, { uid: true })) {
        lastUid = Math.max(lastUid, message.uid);
        for (const token of findTokens(message.envelope?.subject ?? '')) waiting.delete(token);
      }
      if (waiting.size === 0) return allFound();
    }
    void client.idle();
    await woken;
  }
}
