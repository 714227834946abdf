import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { SMTPServer, SMTPServerSession } from 'smtp-server';
import type { Resolver } from '../../dns/resolver.ts';

/** Largest message a lab server takes (the SIZE it announces). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** An SMTP reply as an error smtp-server sends: `code` and the text, which starts with the enhanced code. */
export function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

export function queueId(): string {
  return randomBytes(6).toString('hex').toUpperCase();
}

/** Reads a DATA stream whole; smtp-server stops at `size` and flags it. */
export async function readMessage(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The trace header a receiving hop adds on top (RFC 5321 4.4). */
export function receivedHeader(session: SMTPServerSession, by: string, id: string, rcpt?: string): string {
  const helo = session.hostNameAppearsAs || 'unknown';
  const client = session.clientHostname && !session.clientHostname.startsWith('[') ? `${session.clientHostname} ` : '';
  const tls = session.tlsOptions ? ` (version=${session.tlsOptions.version} cipher=${session.tlsOptions.name})` : '';
  const with_ = `${session.transmissionType || 'ESMTP'}${tls}`;
  return [
    `Received: from ${helo} (${client}[${session.remoteAddress}])`,
    `\tby ${by} (landed lab) with ${with_}`,
    `\tid ${id}${rcpt ? `\n\tfor <${rcpt}>` : ''}; ${new Date().toUTCString().replace('GMT', '+0000')}`,
  ].join('\r\n') + '\r\n';
}

/** smtp-server's reverse lookup through the lab DNS, so PTR names appear in Received headers. */
export function reverseResolver(resolver: Resolver) {
  return {
    reverse(ip: string, callback: (err: Error | null, hostnames?: string[]) => void) {
      const name = `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
      resolver(name, 'PTR').then((names: string[]) => callback(null, names), (err: Error) => callback(err));
    },
  };
}

/** Closes a client's connection without a reply (the "dropped mid-DATA" fault). */
export function dropConnection(server: SMTPServer, session: SMTPServerSession): void {
  for (const connection of server.connections) {
    if (connection.id === session.id) connection._socket.destroy();
  }
}

/** Stops listening and ends open sessions now: a stopped lab part must look down at once. */
export function closeServer(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => {
    for (const connection of server.connections) connection._socket.destroy();
    server.close(() => resolve());
  });
}

/** Listens, turning EADDRINUSE and friends into a rejection instead of an unhandled error event. */
export function listen(server: SMTPServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
}
