import { readFileSync } from 'node:fs';
import { authenticate, dkimSign, sealMessage } from '../../dns/mailauth.ts';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { localPartOf } from '../../address.ts';
import type { ForwardAlias, LabForwarder } from '../forwarding.ts';
import { dkimKeyFile } from '../key-material.ts';
import type { DaemonContext } from './daemon-context.ts';
import { listHeaders, rewriteForList } from './list-rewrite.ts';
import { MtaQueue } from './queue.ts';
import { ServerPart } from './server-part.ts';
import { MAX_MESSAGE_BYTES, queueId, readMessage, receivedHeader, reverseResolver, smtpError } from './smtp-common.ts';

/**
 * The lab's forwarder or mailing-list server (forwarding.ts): the MX of its domain, it takes mail for its
 * aliases, checks it as a receiver would (its view goes into the ARC set it seals), changes it as its kind
 * says, and re-sends it from its own address through a queue like an MTA's.
 */
export class ForwarderPart extends ServerPart {
  readonly queue: MtaQueue;
  readonly #service: LabForwarder;
  readonly #ctx: DaemonContext;
  readonly #privateKey: string;

  constructor(service: LabForwarder, ctx: DaemonContext) {
    super(`forward:${service.id}`, service.address, service.port);
    this.#service = service;
    this.#ctx = ctx;
    this.queue = new MtaQueue(ctx, { id: service.id, hostname: service.hostname, address: service.address });
    this.#privateKey = readFileSync(dkimKeyFile(ctx.layout, service.key.name), 'utf8');
  }

  protected override createServer(): SMTPServer {
    const service = this.#service;
    const server = new SMTPServer({
      name: service.hostname,
      banner: `${service.hostname} ESMTP landed lab`,
      key: this.#ctx.tls.key,
      cert: this.#ctx.tls.cert,
      size: MAX_MESSAGE_BYTES,
      rejectOversized: true,
      disabledCommands: ['AUTH'],
      authOptional: true,
      hideENHANCEDSTATUSCODES: true,
      resolver: reverseResolver(this.#ctx.resolver),
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.#alias(address.address)) return callback(smtpError(550, `5.1.1 <${address.address}>: no such list or alias here`));
        callback();
      },
      onData: (stream, session, callback) => {
        readMessage(stream)
          .then((raw) => (stream.sizeExceeded ? undefined : this.#forward(raw, session)))
          .then((reply) => callback(null, reply), (error: Error) => callback(error));
      },
    });
    server.on('error', (error) => this.#ctx.log(`${this.name}: ${error.message}`));
    return server;
  }

  async #forward(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const service = this.#service;
    const id = queueId();
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    // What this hop saw, as a receiver: it is what an ARC seal vouches for further down the path.
    const checked = await authenticate(raw, {
      ip: session.remoteAddress, helo: session.hostNameAppearsAs, sender, mta: service.hostname, resolver: this.#ctx.resolver, disableBimi: true,
    });
    const stamp = receivedHeader(session, service.hostname, id) + checked.headers;
    for (const rcpt of session.envelope.rcptTo) {
      const alias = this.#alias(rcpt.address)!;
      const { message, envelopeFrom } = await this.#prepare(alias, raw, sender);
      let out = Buffer.concat([Buffer.from(stamp), message]);
      if (alias.seal && checked.arc) {
        const seal = await sealMessage(out, {
          signingDomain: service.domain, selector: service.key.selector, privateKey: this.#privateKey,
          authResults: checked.arc.authResults, cv: checked.arc.status.result,
        });
        out = Buffer.concat([seal, out]);
      }
      this.#ctx.events.add({ part: this.name, kind: 'queued', queueId: id, from: envelopeFrom, to: alias.member, detail: `${alias.kind} ${alias.address}${alias.seal ? ', ARC-sealed' : ''}` });
      this.queue.add({ queueId: id, from: envelopeFrom, to: [alias.member], raw: out });
    }
    return `2.0.0 Ok: queued as ${id}`;
  }

  /** The message and envelope sender this alias re-sends. */
  async #prepare(alias: ForwardAlias, raw: Buffer, sender: string): Promise<{ message: Buffer; envelopeFrom: string }> {
    const service = this.#service;
    const local = localPartOf(alias.address);
    // A list bounces to itself; a bounce (null sender) stays one.
    const listSender = sender ? `${local}-bounces@${service.domain}` : '';
    if (alias.kind === 'forward') return { message: raw, envelopeFrom: sender };
    if (alias.kind === 'list') return { message: Buffer.concat([Buffer.from(listHeaders(alias.address)), raw]), envelopeFrom: listSender };
    const rewritten = rewriteForList(raw, alias.address);
    const signature = { signingDomain: service.domain, selector: service.key.selector, privateKey: this.#privateKey };
    const { signatures, errors } = await dkimSign(rewritten, { ...signature, signatureData: [signature], canonicalization: 'relaxed/relaxed' });
    if (errors.length) this.#ctx.log(`${this.name}: DKIM signing for ${service.domain} failed: ${JSON.stringify(errors)}`);
    return { message: Buffer.concat([Buffer.from(signatures), rewritten]), envelopeFrom: listSender };
  }

  #alias(address: string): ForwardAlias | undefined {
    return this.#service.aliases.find((a) => a.address === address.toLowerCase());
  }
}
