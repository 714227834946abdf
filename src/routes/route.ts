/**
 * The Route port: how the run hands one probe to a transport and learns what happened. SMTP submission is
 * one implementation (smtp.ts); others (direct to MX, an HTTP-triggered application, a command) implement
 * the same interface. The run never knows which kind it talks to.
 */
import type { ProbeIdentity } from '../plan/probe.ts';
import type { SmtpOutcome } from '../results/types.ts';

/**
 * One probe, ready to go. Everything is decided before the route sees it: the envelope (MAIL FROM and
 * RCPT TO), the exact bytes (built once, so every retry sends the same message), and the header fields an
 * application-triggered route passes on instead of bytes.
 */
export interface RouteMessage {
  probe: ProbeIdentity;
  /** The seed's address the probe is for. */
  recipient: string;
  /** MAIL FROM and RCPT TO; a route that speaks SMTP uses exactly these. */
  envelope: { mailFrom: string; rcptTo: string[] };
  /** The composed message (RFC 5322 bytes). */
  raw: Buffer;
  /** The message as fields, for routes that ask an application to compose and send it. */
  fields: MessageFields;
}

export interface MessageFields {
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  /** The Message-ID header of `raw`, with angle brackets. */
  messageId: string;
  /** The probe token, also in the Subject, the X-Landed-Token header and the body. */
  token: string;
}

/** A point in the sending application's own pipeline (queued, picked by a worker, handed to its MTA). */
export interface StageTime {
  stage: string;
  at: string; // ISO
}

/**
 * How a send ended. Four cases the report must keep apart:
 * - `accepted`: the receiver (or the application) took the message; `smtp` has the reply, queue id, tries.
 * - `rejected`: the receiving side refused it with a reply (`smtp.code`, `smtp.status`, `smtp.response`).
 * - `uncertain`: the connection broke after the body was sent; it may have been accepted. Never resent:
 *   that could deliver it twice; the mailbox decides.
 * - `error`: the route itself failed (login refused, server unreachable, TLS): nothing was refused by the
 *   receiver, the route is broken. `failure` says which, `error` says it in words.
 */
export type SendOutcome = Accepted | Refused | Uncertain | RouteFailed;
export type SendStatus = SendOutcome['status'];

/** What the route's server answered and how many tries it took, in the terms results.json keeps. */
interface Answered {
  smtp: SmtpOutcome;
}

export interface Accepted extends Answered {
  status: 'accepted';
  /** Stage times the application reported (HTTP and command routes); absent for plain SMTP. */
  stages?: StageTime[];
  error?: undefined;
}

export interface Refused extends Answered {
  status: 'rejected';
  error?: undefined;
}

export interface Uncertain extends Answered {
  status: 'uncertain';
  error: string;
}

export type RouteFailure = 'login' | 'unreachable' | 'tls' | 'protocol' | 'other';

export interface RouteFailed extends Answered {
  status: 'error';
  /** What kind of breakage, for grouping (older journals may lack it). */
  failure?: RouteFailure;
  error: string;
}

/** A transport the run sends probes through; one instance per route per run. */
export interface Route {
  readonly id: string;
  /** Sends one probe. Never throws for a send that went wrong: that is an outcome. */
  send(message: RouteMessage, signal: AbortSignal): Promise<SendOutcome>;
  /** Releases connections; called once after the route's last send. */
  close(): Promise<void>;
}

/** Opens the route with this id (the run calls it once per route that has probes to send). */
export type RouteFactory = (routeId: string) => Route;
