import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dkimSign } from '../../dns/mailauth.ts';
import addressparser from 'nodemailer/lib/addressparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { domainOf } from '../../address.ts';
import { dkimKeyFile } from '../key-material.ts';
import type { LabMta } from '../world.ts';
import type { DaemonContext } from './daemon-context.ts';
import { MtaQueue } from './queue.ts';
import { ServerPart } from './server-part.ts';
import { dropConnection, MAX_MESSAGE_BYTES, queueId, readMessage, receivedHeader, reverseResolver, smtpError } from './smtp-common.ts';

/**
 * An outbound MTA of the lab: `relay` is the proper one (AUTH over STARTTLS, DKIM-signs, sends from the
 * address SPF lists), `internal` and `erp` are the mistakes (see world.ts). Each accepts, queues and
 * delivers onward by MX, like a real relay.
 */
export class MtaPart extends ServerPart {
  readonly queue: MtaQueue;
  readonly #mta: LabMta;
  readonly #ctx: DaemonContext;
  readonly #keys: Map<string, { selector: string; privateKey: string }>;

  constructor(mta: LabMta, ctx: DaemonContext) {
    super(`mta:${mta.id}`, mta.address, mta.port);
    this.#mta = mta;
    this.#ctx = ctx;
    this.queue = new MtaQueue(ctx, mta);
    this.#keys = new Map(mta.signs.map((s) => [s.domain, { selector: s.selector, privateKey: readFileSync(dkimKeyFile(ctx.layout, s.key), 'utf8') }]));
  }

  protected override createServer(): SMTPServer {
    const mta = this.#mta;
    const server: SMTPServer = new SMTPServer({
      name: mta.hostname,
      banner: `${mta.hostname} ESMTP landed lab`,
      key: this.#ctx.tls.key,
      cert: this.#ctx.tls.cert,
      size: MAX_MESSAGE_BYTES,
      rejectOversized: true,
      hideENHANCEDSTATUSCODES: true,
      resolver: reverseResolver(this.#ctx.resolver), // PTR names from the lab DNS, never the machine's
      logger: false,
      ...(mta.submission
        ? { authMethods: ['PLAIN', 'LOGIN'], allowInsecureAuth: false, authOptional: false }
        : { disabledCommands: ['AUTH', 'STARTTLS'], authOptional: true }),
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.#ctx.state.world.relayUser && sameSecret(auth.password ?? '', this.#ctx.state.passwords.relay)) {
          return callback(null, { user: auth.username });
        }
        callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
      },
      onData: (stream, session, callback) => {
        readMessage(stream).then((raw) => {
          if (stream.sizeExceeded) return callback(null);
          const drop = this.#ctx.knobs.mta(mta.id).dropNextData;
          if (drop) {
            this.#ctx.knobs.mtas.set(mta.id, { ...this.#ctx.knobs.mta(mta.id), dropNextData: false });
            this.#ctx.events.add({ part: this.name, kind: 'dropped', from: mailFrom(session), detail: `connection dropped after DATA (${drop})` });
            if (drop === 'deliver') void this.#accept(raw, session);
            return dropConnection(server, session);
          }
          this.#accept(raw, session).then((reply) => callback(null, reply), (error: Error) => callback(error));
        }, (error: Error) => callback(error));
      },
    });
    server.on('error', (error) => this.#ctx.log(`${this.name}: ${error.message}`));
    return server;
  }

  async #accept(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const id = queueId();
    const stamped = Buffer.concat([Buffer.from(receivedHeader(session, this.#mta.hostname, id)), raw]);
    const signed = await this.#sign(stamped);
    const from = mailFrom(session);
    const to = session.envelope.rcptTo.map((r) => r.address);
    this.#ctx.events.add({ part: this.name, kind: 'queued', queueId: id, from, to: to.join(',') });
    this.queue.add({ queueId: id, from, to, raw: signed });
    return `2.0.0 Ok: queued as ${id}`;
  }

  /** DKIM-signs with the key this MTA holds for the From domain, if any (relaxed/relaxed, rsa-sha256). */
  async #sign(message: Buffer): Promise<Buffer> {
    const domain = fromDomain(message);
    const key = domain ? this.#keys.get(domain) : undefined;
    if (!domain || !key) return message;
    // mailauth's default set signs List-Unsubscribe but not List-Unsubscribe-Post; a proper relay signs both.
    const headerList = this.#ctx.knobs.mta(this.name.replace(/^mta:/, '')).signListUnsubscribePost ? SIGNED_HEADERS : undefined;
    const signature = { signingDomain: domain, selector: key.selector, privateKey: key.privateKey, ...(headerList ? { headerList } : {}) };
    // mailauth signs only what is listed in signatureData (the top-level fields satisfy its types).
    const { signatures, errors } = await dkimSign(message, { ...signature, signatureData: [signature], canonicalization: 'relaxed/relaxed' });
    if (errors.length) this.#ctx.log(`${this.name}: DKIM signing for ${domain} failed: ${JSON.stringify(errors)}`);
    return Buffer.concat([Buffer.from(signatures), message]);
  }
}

/** What the relay signs: the usual fields, both RFC 8058 headers, and landed's token header. */
const SIGNED_HEADERS = 'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post:X-Landed-Token';

function mailFrom(session: SMTPServerSession): string {
  return session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The domain of the first From address in the header (unfolded), lower case. */
function fromDomain(message: Buffer): string | undefined {
  const end = message.indexOf('\r\n\r\n');
  const header = message.subarray(0, end >= 0 ? end : Math.min(message.length, 64 * 1024)).toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  const line = /^from:(.*)$/im.exec(header)?.[1];
  if (!line) return undefined;
  const first = addressparser(line, { flatten: true })[0] as { address?: string } | undefined;
  return domainOf(first?.address);
}
