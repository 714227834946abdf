import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import pRetry, { AbortError } from 'p-retry';
import type { ResolvedRoute, SmtpEndpoint } from '../config/types.ts';
import type { SmtpOutcome } from '../results/types.ts';
import { smtpAuth } from './auth.ts';
import type { Route, RouteFailure, RouteMessage, SendOutcome } from './route.ts';

/** A route whose kind is `smtp` (a relay), or a direct route's hop to one MX. */
export type SmtpRouteConfig = ResolvedRoute & { smtp: SmtpEndpoint };

/** Sends probes through one route by SMTP submission, over a small pool of connections, retrying transient failures. */
export class SmtpRoute implements Route {
  readonly route: SmtpRouteConfig;
  #transport?: Promise<Transporter>;

  constructor(route: SmtpRouteConfig) {
    this.route = route;
  }

  get id(): string {
    return this.route.id;
  }

  /** Sends the finished message with the envelope it carries; retries send exactly the same bytes. */
  async send(message: RouteMessage, signal?: AbortSignal): Promise<SendOutcome> {
    const { raw } = message;
    const envelope = { from: message.envelope.mailFrom, to: message.envelope.rcptTo };
    const smtp: SmtpOutcome = { attempts: 0, retries: [] };
    let bodySent = false;
    try {
      const info = await pRetry(
        async () => {
          smtp.attempts++;
          bodySent = false;
          const transport = await this.#transportOnce();
          // A stream we can watch: once it has been read to the end, the server may hold the whole message.
          const body = Readable.from([raw]).once('end', () => (bodySent = true));
          // Aborted (Ctrl-C, the probe's deadline): nodemailer drops the connection instead of waiting out its timeouts.
          return await transport.sendMail({ raw: body, envelope, signal });
        },
        {
          retries: this.route.retry.attempts - 1,
          minTimeout: this.route.retry.firstDelayMs,
          maxTimeout: this.route.retry.maxDelayMs,
          signal,
          shouldRetry: ({ error }) => isTransient(error) && !isUncertain(error, bodySent),
          onFailedAttempt: ({ error, retriesLeft, retryDelay }) => {
            if (isTransient(error) && retriesLeft > 0) smtp.retries.push(`${describeSmtpError(error)}; retried after ${Math.round(retryDelay / 1000)}s`);
          },
        },
      );
      const response = info.response ?? '';
      return { status: 'accepted', smtp: { ...smtp, ...parseReply(response), acceptedAt: new Date().toISOString(), queueId: queueIdOf(response) } };
    } catch (error) {
      const reply = parseReply((error as { response?: string }).response ?? '');
      const failure = failureOf(error);
      // A refused AUTH (535) is the route's own login failing, not a receiver refusing the message.
      if (reply.code && reply.code >= 500 && failure !== 'login') return { status: 'rejected', smtp: { ...smtp, ...reply } };
      if (isUncertain(error, bodySent)) return { status: 'uncertain', smtp: { ...smtp, ...reply }, error: this.#explainUncertain(error) };
      return { status: 'error', failure, smtp: { ...smtp, ...reply }, error: this.#explain(error, failure) };
    }
  }

  async close(): Promise<void> {
    await this.#transport?.then((t) => t.close()).catch(() => {});
  }

  #transportOnce(): Promise<Transporter> {
    this.#transport ??= this.#createTransport();
    return this.#transport;
  }

  async #createTransport(): Promise<Transporter> {
    const { smtp } = this.route;
    return nodemailer.createTransport({
      pool: true,
      maxConnections: 3,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'none',
      name: smtp.helo,
      localAddress: smtp.localAddress,
      auth: smtp.auth && (await smtpAuth(smtp.auth)),
      // SNI takes a host name only (RFC 6066); for an IP the certificate is checked against the IP itself.
      tls: { ca: smtp.tls.ca, rejectUnauthorized: !smtp.tls.insecure, servername: isIP(smtp.host) ? undefined : smtp.host },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
  }

  get #where(): string {
    return `route ${this.route.id} (${this.route.smtp.host}:${this.route.smtp.port})`;
  }

  #explainUncertain(error: unknown): string {
    return `${this.#where}: connection lost after the message was sent (${describeSmtpError(error)}); not sent again, waiting for it in the mailbox`;
  }

  #explain(error: unknown, failure: RouteFailure): string {
    const what = describeSmtpError(error);
    if (failure === 'login') return `${this.#where}: SMTP login refused (${what}); check the route's auth user and password`;
    if (failure === 'tls') return `${this.#where}: TLS failed (${what}); check smtp.security, or trust the relay's CA with smtp.tls.ca`;
    if (failure === 'unreachable') return `${this.#where}: cannot reach the SMTP server (${what}); check smtp.host, smtp.port and the network`;
    return `${this.#where}: ${what}`;
  }
}

/** Which part of the route broke (never the receiver's refusal: that is `rejected`). */
function failureOf(error: unknown): RouteFailure {
  const code = (error as { code?: string }).code;
  if (code === 'EAUTH') return 'login';
  if (code === 'ETLS' || /certificate|self.signed/i.test(describeSmtpError(error))) return 'tls';
  if (code === 'ESOCKET' || code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'EDNS') return 'unreachable';
  if (code === 'EPROTOCOL' || code === 'EENVELOPE' || code === 'EMESSAGE') return 'protocol';
  return 'other';
}

/**
 * 4xx replies and connection problems before the message was handed over are worth another try. A refused
 * connection is not: nobody listens there, and minutes of backoff would only delay saying so.
 */
function isTransient(error: unknown): boolean {
  if (error instanceof AbortError) return false;
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (responseCode) return responseCode >= 400 && responseCode < 500;
  if (/\bECONNREFUSED\b/.test(describeSmtpError(error))) return false;
  return ['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS'].includes(code ?? '');
}

/** The whole message went out but no reply came back: the server may or may not have taken it. */
function isUncertain(error: unknown, bodySent: boolean): boolean {
  return bodySent && !(error as { responseCode?: number }).responseCode;
}

function parseReply(response: string): Pick<SmtpOutcome, 'code' | 'status' | 'response'> {
  const match = /^(\d{3})[ -](?:(\d\.\d{1,3}\.\d{1,3})\s)?/.exec(response ?? '');
  if (!match) return response ? { response: response.slice(0, 500) } : {};
  return { code: Number(match[1]), status: match[2], response: response.slice(0, 500) };
}

function queueIdOf(response: string): string | undefined {
  return /queued as ([A-Za-z0-9._-]+)/i.exec(response)?.[1] ?? /\bid=([A-Za-z0-9._-]+)/.exec(response)?.[1];
}

function describeSmtpError(error: unknown): string {
  const { response, message } = error as { response?: string; message?: string };
  return (response ?? message ?? String(error)).split('\n')[0].slice(0, 300);
}
