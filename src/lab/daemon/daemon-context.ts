import { appendFileSync } from 'node:fs';
import type { Resolver } from '../../dns/resolver.ts';
import type { LabLayout } from '../files/layout.ts';
import type { LabContentFilter } from './content-filter.ts';
import type { LabState } from '../state.ts';
import type { AppKnobs, LabEvent, MtaKnobs, ProviderKnobs } from '../types.ts';

/** What every part of the lab daemon shares. */
export interface DaemonContext {
  state: LabState;
  layout: LabLayout;
  /** The lab DNS, for SPF/DKIM/DMARC checks, MX lookups and PTR names. */
  resolver: Resolver;
  tls: { key: string; cert: string; ca: string };
  knobs: Knobs;
  events: EventLog;
  log(line: string): void;
  /** The providers' content filter (rspamd, started at the first message). */
  content?: LabContentFilter;
}

/** A piece of the lab that can be stopped and started on its own (issue 8's fault injection). */
export interface Part {
  name: string;
  running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_PROVIDER_KNOBS: ProviderKnobs = { greylist: false, greylistMs: 0, deliveryDelayMs: 0, unavailable: false, enforceDmarc: false };
export const DEFAULT_MTA_KNOBS: MtaKnobs = { dropNextData: false, signListUnsubscribePost: true };
export const DEFAULT_APP_KNOBS: AppKnobs = { workerStopped: false, dropNext: 0, duplicateNext: 0 };

/** Fault knobs, read by the MX and MTA servers on every connection, set through the control channel. */
export class Knobs {
  readonly providers = new Map<string, ProviderKnobs>();
  readonly mtas = new Map<string, MtaKnobs>();
  readonly apps = new Map<string, AppKnobs>();

  constructor(providerIds: string[], mtaIds: string[], appIds: string[] = []) {
    for (const id of providerIds) this.providers.set(id, { ...DEFAULT_PROVIDER_KNOBS });
    for (const id of mtaIds) this.mtas.set(id, { ...DEFAULT_MTA_KNOBS });
    for (const id of appIds) this.apps.set(id, { ...DEFAULT_APP_KNOBS });
  }

  app(id: string): AppKnobs {
    return this.apps.get(id) ?? { ...DEFAULT_APP_KNOBS };
  }

  provider(id: string): ProviderKnobs {
    return this.providers.get(id) ?? { ...DEFAULT_PROVIDER_KNOBS };
  }

  mta(id: string): MtaKnobs {
    return this.mtas.get(id) ?? { ...DEFAULT_MTA_KNOBS };
  }

  reset(): void {
    for (const id of this.providers.keys()) this.providers.set(id, { ...DEFAULT_PROVIDER_KNOBS });
    for (const id of this.mtas.keys()) this.mtas.set(id, { ...DEFAULT_MTA_KNOBS });
    for (const id of this.apps.keys()) this.apps.set(id, { ...DEFAULT_APP_KNOBS });
  }

  toJSON() {
    return { providers: Object.fromEntries(this.providers), mtas: Object.fromEntries(this.mtas), apps: Object.fromEntries(this.apps) };
  }
}

/** The last events, for tests and `lab status`; each is also a line in logs/daemon.log. */
export class EventLog {
  readonly #events: Array<LabEvent & { seq: number }> = [];
  #seq = 0;
  readonly #logFile: string;

  constructor(logFile: string) {
    this.#logFile = logFile;
  }

  add(event: Omit<LabEvent, 'at'>): void {
    const full = { ...event, at: new Date().toISOString(), seq: ++this.#seq };
    this.#events.push(full);
    if (this.#events.length > 2000) this.#events.shift();
    const fields = [full.part, full.kind, full.queueId, full.from !== undefined ? `from=<${full.from}>` : '', full.to ? `to=<${full.to}>` : '', full.attempt ? `attempt=${full.attempt}` : '', full.detail];
    appendLine(this.#logFile, `${full.at} ${fields.filter(Boolean).join(' ')}`);
  }

  since(seq: number): Array<LabEvent & { seq: number }> {
    return this.#events.filter((e) => e.seq > seq);
  }
}

export function appendLine(file: string, line: string): void {
  try {
    appendFileSync(file, `${line.replace(/[\r\n]+/g, ' ')}\n`);
  } catch {
    // the log is a convenience; a full disk must not take the lab down
  }
}
