import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createResolver } from '../../dns/resolver.ts';
import { dovecotPaths } from '../files/dovecot-conf.ts';
import { labLayout } from '../files/layout.ts';
import type { LabState } from '../state.ts';
import type { LabStatus } from '../types.ts';
import { appendLine, EventLog, Knobs, type DaemonContext, type Part } from './daemon-context.ts';
import { ControlError, startControlServer } from './control-server.ts';
import { LabContentFilter } from './content-filter.ts';
import { UnsubscribeEndpoint } from './unsubscribe-endpoint.ts';
import { patchKnobs } from './knob-patch.ts';
import { ForwarderPart } from './forwarder.ts';
import { MtaPart } from './mta.ts';
import { ErpAppPart } from './erp-app.ts';
import { MxPart } from './mx.ts';
import { sendDmarcReports } from './dmarc-reports.ts';
import { ProcessPart } from './process-part.ts';

/**
 * The lab daemon: supervises NSD and one Dovecot per mail host (child processes), runs the MX servers and
 * the outbound MTAs, and answers the control channel. `lab up` starts it detached; `lab down` asks it to
 * stop over the control channel.
 */
export class LabDaemon {
  readonly #ctx: DaemonContext;
  readonly #parts = new Map<string, Part>();
  readonly #mtas: Array<MtaPart | ForwarderPart> = [];
  #control?: Server;
  #stopping?: Promise<void>;

  constructor(state: LabState) {
    const layout = labLayout(state.dir);
    const { world } = state;
    const logFile = join(layout.logsDir, 'daemon.log');
    this.#ctx = {
      state,
      layout,
      resolver: createResolver({ servers: [`${world.dns.address}:${world.dns.port}`], timeoutMs: 1000, tries: 2 }),
      tls: { key: readFileSync(layout.serverKey, 'utf8'), cert: readFileSync(layout.serverCert, 'utf8'), ca: readFileSync(layout.caFile, 'utf8') },
      knobs: new Knobs(world.providers.map((p) => p.id).concat(world.mailhost.id), world.mtas.map((m) => m.id), [world.drills.app.id]),
      events: new EventLog(logFile),
      log: (line) => appendLine(logFile, `${new Date().toISOString()} ${line}`),
    };
    this.#ctx.content = new LabContentFilter(this.#ctx.log);
    const hosts = [...world.providers, world.mailhost];
    this.#add(new ProcessPart({
      name: 'dns', command: state.programs.nsd, args: ['-d', '-c', layout.nsdConf], logFile: join(layout.logsDir, 'nsd.log'),
      pidFile: layout.partPid('dns'), readyPorts: [{ host: world.dns.address, port: world.dns.port }],
    }));
    for (const host of hosts) {
      const paths = dovecotPaths(layout, host.id);
      this.#add(new ProcessPart({
        name: `dovecot:${host.id}`, command: state.programs.dovecot, args: ['-F', '-c', paths.conf], logFile: paths.log,
        pidFile: layout.partPid(`dovecot:${host.id}`),
        readyPorts: [{ host: host.imap.address, port: host.imap.port }, { host: host.imap.address, port: host.lmtpPort }],
      }));
    }
    for (const host of hosts) this.#add(new MxPart(host, this.#ctx));
    for (const mta of world.mtas) this.#mtas.push(this.#add(new MtaPart(mta, this.#ctx)));
    for (const service of world.forwarders) this.#mtas.push(this.#add(new ForwarderPart(service, this.#ctx)));
    this.#add(new ErpAppPart(world.drills.app, world.mtas.find((m) => m.id === world.drills.app.mta)!, this.#ctx));
    this.#add(new UnsubscribeEndpoint(this.#ctx));
  }

  async start(): Promise<void> {
    const { layout } = this.#ctx;
    writeFileSync(layout.daemonPid, `${process.pid}\n`);
    const all = [...this.#parts.values()];
    // Servers first (in parallel: this is most of the start-up time), then the SMTP side that needs them.
    await Promise.all(all.filter((p) => p instanceof ProcessPart).map((p) => p.start()));
    await Promise.all(all.filter((p) => !(p instanceof ProcessPart)).map((p) => p.start()));
    this.#control = await startControlServer(layout.controlSocket, {
      status: () => this.#status(),
      events: (since) => this.#ctx.events.since(since),
      setKnobs: async (kind, id, patch) => this.#setKnobs(kind, id, patch),
      resetKnobs: async () => {
        this.#ctx.knobs.reset();
        await Promise.all([...this.#parts.values()].filter((p) => p.name.startsWith('mx:')).map((p) => p.start()));
        return this.#ctx.knobs.toJSON();
      },
      part: async (name, action) => this.#partAction(name, action),
      shutdown: () => void this.stop().then(() => process.exit(0)),
      dmarcReports: () => sendDmarcReports(this.#ctx),
    });
    this.#ctx.log(`lab ${this.#ctx.state.id} ready`);
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#control?.close();
      for (const mta of this.#mtas) mta.queue.stop();
      const parts = [...this.#parts.values()];
      await Promise.allSettled(parts.filter((p) => !(p instanceof ProcessPart)).map((p) => p.stop()));
      await Promise.allSettled(parts.filter((p) => p instanceof ProcessPart).map((p) => p.stop()));
      await this.#ctx.content?.close();
      rmSync(this.#ctx.layout.controlSocket, { force: true });
      rmSync(this.#ctx.layout.daemonPid, { force: true });
      this.#ctx.log(`lab ${this.#ctx.state.id} stopped`);
    })();
    return this.#stopping;
  }

  log(line: string): void {
    this.#ctx.log(line);
  }

  #add<T extends Part>(part: T): T {
    this.#parts.set(part.name, part);
    return part;
  }

  #status(): LabStatus {
    return {
      parts: Object.fromEntries([...this.#parts.values()].map((p) => [p.name, p.running ? 'running' : 'stopped'])),
      queue: this.#mtas.flatMap((m) => m.queue.snapshot()),
      knobs: this.#ctx.knobs.toJSON(),
    };
  }

  async #setKnobs(kind: 'provider' | 'mta' | 'app', id: string, patch: Record<string, unknown>): Promise<unknown> {
    const { knobs } = this.#ctx;
    const store: Map<string, object> = kind === 'provider' ? knobs.providers : kind === 'mta' ? knobs.mtas : knobs.apps;
    const current = store.get(id);
    if (!current) throw new ControlError(404, `no ${kind} ${id} in this lab (${[...store.keys()].join(', ')})`);
    const next = patchKnobs(kind, current, patch);
    store.set(id, next as never);
    if (kind === 'provider' && 'unavailable' in patch) {
      // 'refuse' means nobody listens: connection refused, as when a provider's MX is down.
      const mx = this.#parts.get(`mx:${id}`)!;
      await (patch.unavailable === 'refuse' ? mx.stop() : mx.start());
    }
    this.#ctx.log(`knobs ${kind} ${id}: ${JSON.stringify(patch)}`);
    return next;
  }

  async #partAction(name: string, action: 'start' | 'stop' | 'restart'): Promise<unknown> {
    const part = this.#parts.get(name);
    if (!part) throw new ControlError(404, `no part ${name} in this lab (${[...this.#parts.keys()].join(', ')})`);
    if (action !== 'start') await part.stop();
    if (action !== 'stop') await part.start();
    this.#ctx.log(`part ${name}: ${action}`);
    return { [name]: part.running ? 'running' : 'stopped' };
  }
}
