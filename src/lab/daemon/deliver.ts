import nodemailer from 'nodemailer';
import { domainOf } from '../../address.ts';
import { LAB_PORTS, type LabMta } from '../world.ts';

/** Who delivers: an MTA of the lab, or a forwarder re-sending (its name and source address). */
export type Sender = Pick<LabMta, 'hostname' | 'address'> & { id: string };
import type { DaemonContext } from './daemon-context.ts';

export type DeliveryResult =
  | { outcome: 'delivered'; response: string; remoteMta: string }
  | { outcome: 'deferred'; response: string; remoteMta?: string }
  | { outcome: 'failed'; code: number; status: string; response: string; remoteMta?: string };

/**
 * One delivery attempt of one message to one recipient, the way an MTA does it: MX lookup in the lab DNS,
 * then SMTP to the exchanger from the MTA's own address (so SPF sees it), STARTTLS when offered (checked
 * against the lab CA). Every lab MX listens on port 2525, the lab's stand-in for 25.
 */
export async function deliverByMx(ctx: DaemonContext, mta: Sender, envelope: { from: string; to: string }, raw: Buffer): Promise<DeliveryResult> {
  const domain = domainOf(envelope.to) ?? '';
  let exchangers: string[];
  try {
    exchangers = await mxHosts(ctx, domain);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      return { outcome: 'failed', code: 550, status: '5.1.2', response: `550 5.1.2 Host or domain name not found (${domain}: ${code})` };
    }
    return { outcome: 'deferred', response: `DNS lookup of ${domain} failed: ${(error as Error).message}` };
  }
  let last: DeliveryResult = { outcome: 'deferred', response: `no exchanger for ${domain}` };
  for (const exchanger of exchangers) {
    last = await attempt(ctx, mta, exchanger, envelope, raw);
    if (last.outcome !== 'deferred') return last;
  }
  return last;
}

async function mxHosts(ctx: DaemonContext, domain: string): Promise<string[]> {
  try {
    const records = (await ctx.resolver(domain, 'MX')) as Array<{ exchange: string; priority: number }>;
    return records.sort((a, b) => a.priority - b.priority).map((r) => r.exchange);
  } catch (error) {
    // No MX: the domain itself is the exchanger when it has an address (RFC 5321 5.1).
    if ((error as { code?: string }).code === 'ENODATA') return [domain];
    throw error;
  }
}

async function attempt(ctx: DaemonContext, mta: Sender, exchanger: string, envelope: { from: string; to: string }, raw: Buffer): Promise<DeliveryResult> {
  let address: string;
  try {
    [address] = (await ctx.resolver(exchanger, 'A')) as string[];
  } catch (error) {
    return { outcome: 'deferred', response: `no address for ${exchanger}: ${(error as Error).message}`, remoteMta: exchanger };
  }
  const transport = nodemailer.createTransport({
    host: address,
    port: LAB_PORTS.smtp,
    name: mta.hostname,
    localAddress: mta.address,
    tls: { ca: ctx.tls.ca, servername: exchanger },
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 30_000,
  });
  try {
    const info = await transport.sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw });
    return { outcome: 'delivered', response: info.response, remoteMta: exchanger };
  } catch (error) {
    const { responseCode, response, message } = error as { responseCode?: number; response?: string; message: string };
    const text = (response ?? message).trim();
    if (responseCode && responseCode >= 500) {
      return { outcome: 'failed', code: responseCode, status: enhancedStatus(text) ?? '5.0.0', response: text, remoteMta: exchanger };
    }
    return { outcome: 'deferred', response: text, remoteMta: exchanger };
  } finally {
    transport.close();
  }
}

/** The enhanced status code (RFC 3463) in a reply, e.g. 5.7.26. */
export function enhancedStatus(reply: string): string | undefined {
  return /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1];
}
