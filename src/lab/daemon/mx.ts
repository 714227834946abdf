import { authenticate } from '../../dns/mailauth.ts';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { LabMailHost } from '../world.ts';
import type { DaemonContext } from './daemon-context.ts';
import { arcDecision, withDisposition } from './arc-trust.ts';
import { recordForDmarcReports } from './dmarc-ledger.ts';
import { fileIntoMailbox, hasMailbox } from './mailbox-delivery.ts';
import { mailauthVerdicts } from '../../dns/mailauth-verdicts.ts';
import { fileMessage } from './policy.ts';
import { ServerPart } from './server-part.ts';
import { MAX_MESSAGE_BYTES, queueId, readMessage, receivedHeader, reverseResolver, smtpError } from './smtp-common.ts';

/**
 * A receiving provider's MX: takes mail on port 2525 of its own address, checks SPF (with the connecting
 * address), DKIM, DMARC and ARC against the lab DNS with mailauth, adds its Received and
 * Authentication-Results headers, applies the provider's policy, and files the message through LMTP.
 */
export class MxPart extends ServerPart {
  readonly #host: LabMailHost;
  readonly #ctx: DaemonContext;
  readonly #greylist = new Map<string, number>();

  constructor(host: LabMailHost, ctx: DaemonContext) {
    super(`mx:${host.id}`, host.mx.address, host.mx.port);
    this.#host = host;
    this.#ctx = ctx;
  }

  protected override createServer(): SMTPServer {
    const host = this.#host;
    const { tls, resolver } = this.#ctx;
    const server = new SMTPServer({
      name: host.mx.hostname,
      banner: `${host.mx.hostname} ESMTP landed lab`,
      key: tls.key,
      cert: tls.cert,
      size: MAX_MESSAGE_BYTES,
      rejectOversized: true,
      disabledCommands: ['AUTH'],
      authOptional: true,
      hideENHANCEDSTATUSCODES: true, // our replies carry their own codes (5.7.26, 4.7.1)
      resolver: reverseResolver(resolver),
      logger: false,
      onConnect: (_session, callback) => {
        if (this.#knobs().unavailable === '421') return callback(smtpError(421, '4.3.2 Service temporarily unavailable, try again later'));
        callback();
      },
      onRcptTo: (address, session, callback) => {
        if (!hasMailbox(host, address.address)) return callback(smtpError(550, `5.1.1 <${address.address}>: no such user here`));
        if (this.#greylisted(session, address.address)) {
          this.#ctx.events.add({ part: this.name, kind: 'greylisted', from: mailFrom(session), to: address.address, detail: `from ${session.remoteAddress}` });
          return callback(smtpError(451, '4.7.1 Greylisted, please try again later'));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        readMessage(stream)
          .then((raw) => (stream.sizeExceeded ? undefined : this.#receive(raw, session)))
          .then((reply) => callback(null, reply), (error: Error) => callback(error));
      },
    });
    server.on('error', (error) => this.#ctx.log(`${this.name}: ${error.message}`));
    return server;
  }

  async #receive(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const host = this.#host;
    const id = queueId();
    const from = mailFrom(session);
    const result = await authenticate(raw, {
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs,
      sender: from,
      mta: host.authservId,
      resolver: this.#ctx.resolver,
      disableBimi: true,
    });
    const verdicts = mailauthVerdicts(result);
    const arc = arcDecision(host, verdicts, result.arc, raw);
    const filing = arc?.honoured ? { action: 'inbox' as const } : fileMessage(host.policy, verdicts, this.#knobs().enforceDmarc);
    const rcpts = session.envelope.rcptTo.map((r) => r.address);
    recordForDmarcReports(this.#ctx, host, session.remoteAddress, from, result, filing.action);
    const summary = `spf=${verdicts.spf} dkim=${verdicts.dkim} dmarc=${verdicts.dmarc}${arc ? ` arc: ${arc.honoured ? 'honoured' : 'not honoured'}, ${arc.why}` : ''}`;
    if (filing.action === 'reject') {
      this.#ctx.events.add({ part: this.name, kind: 'rejected', queueId: id, from, to: rcpts.join(','), detail: `${filing.code} ${filing.status} (${summary})` });
      throw smtpError(filing.code, `${filing.status} ${filing.text}`);
    }
    const content = await this.#ctx.content?.judge(host.id, raw, { from, to: rcpts[0] ?? '' });
    if (content?.action === 'reject') {
      this.#ctx.events.add({ part: this.name, kind: 'rejected', queueId: id, from, to: rcpts.join(','), detail: `550 5.7.1 content score ${content.score.score} (${summary})` });
      throw smtpError(550, `5.7.1 Message content rejected as spam (score ${content.score.score})`);
    }
    const folder = filing.action === 'junk' || content?.action === 'junk' ? host.junk.name : 'INBOX';
    const headers = receivedHeader(session, host.mx.hostname, id, rcpts.length === 1 ? rcpts[0] : undefined) + withDisposition(result.headers, verdicts, arc) + (content?.header ?? '');
    const stamped = Buffer.concat([Buffer.from(headers), raw]);
    this.#ctx.events.add({ part: this.name, kind: 'accepted', queueId: id, from, to: rcpts.join(','), detail: `${folder} (${summary}${content ? ` content=${content.score.score}` : ''})` });
    const delay = this.#knobs().deliveryDelayMs;
    for (const to of rcpts) void fileIntoMailbox(this.#ctx, host, { raw: stamped, from, to, folder, queueId: id }, delay);
    return `2.0.0 Ok: queued as ${id}`;
  }

  /** Greylisting per (client IP, sender, recipient): refuse the first attempt, accept a later one. */
  #greylisted(session: SMTPServerSession, rcpt: string): boolean {
    const knobs = this.#knobs();
    if (!knobs.greylist) return false;
    const key = `${session.remoteAddress}|${mailFrom(session)}|${rcpt.toLowerCase()}`;
    const firstSeen = this.#greylist.get(key);
    if (firstSeen === undefined) {
      this.#greylist.set(key, Date.now());
      return true;
    }
    return Date.now() - firstSeen < knobs.greylistMs;
  }

  #knobs() {
    return this.#ctx.knobs.provider(this.#host.id);
  }
}

function mailFrom(session: SMTPServerSession): string {
  return session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
}
