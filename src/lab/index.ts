/**
 * The local lab: a small, real mail world on loopback (NSD, Dovecot, and a daemon running the MX servers
 * and outbound MTAs). The default target of the demo and of the integration tests. See docs/lab.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LandedError } from '../errors.ts';
import { controlRequest } from './control-client.ts';
import { labLayout } from './files/layout.ts';
import { findLabPrograms } from './packages.ts';
import { prepareLab } from './prepare.ts';
import { labIsRunning, launchDaemon, stopDaemon } from './processes.ts';
import { labInfo, readLabState } from './state.ts';
import type { AppKnobs, LabDmarcReport, LabEvent, LabInfo, LabPart, LabStatus, MtaKnobs, ProviderKnobs } from './types.ts';

export type * from './types.ts';

export interface LabFaults {
  /** Turns a provider's knobs (strict, bulk, isp, mailhost); returns all of its knobs. */
  provider(id: string, knobs: Partial<ProviderKnobs>): Promise<ProviderKnobs>;
  /** Turns an outbound MTA's knobs (relay, internal, erp). */
  mta(id: string, knobs: Partial<MtaKnobs>): Promise<MtaKnobs>;
  /** Turns the ERP-like application's knobs: worker stopped, drop or double the next messages. */
  app(id: string, knobs: Partial<AppKnobs>): Promise<AppKnobs>;
  /** Every knob back to normal, every MX listening again. */
  reset(): Promise<void>;
}

export interface Lab {
  dir: string;
  /** DIR/landed.yaml, ready for `landed run --config`. */
  configFile: string;
  /** DIR/landed-forwarding.yaml: the same plus the seeds behind the forwarder and the lists (fwd-1, list-1...). */
  forwardingConfigFile: string;
  /** DIR/.env with the passwords landed.yaml refers to. */
  envFile: string;
  info: LabInfo;
  /** For createResolver({ servers }): the lab DNS as "ADDR:PORT". */
  resolverServers: string[];
  faults: LabFaults;
  stopPart(part: LabPart): Promise<void>;
  startPart(part: LabPart): Promise<void>;
  restartPart(part: LabPart): Promise<void>;
  status(): Promise<LabStatus>;
  /** Daemon events after `since` (a `seq` from an earlier event), oldest first. */
  events(since?: number): Promise<Array<LabEvent & { seq: number }>>;
  /** Waits for an event that matches, e.g. a delivery or a 451; throws TIMEOUT after `timeoutMs`. */
  waitForEvent(match: (event: LabEvent) => boolean, timeoutMs?: number): Promise<LabEvent & { seq: number }>;
  /** The providers mail their DMARC aggregate reports (RFC 9990, gzipped) to the rua of the lab domains now. */
  sendDmarcReports(): Promise<LabDmarcReport[]>;
  /** Stops every process of the lab; a temp dir startLab made is removed too. */
  stop(): Promise<void>;
}

export interface StartLabOptions {
  /** The lab dir; default: a new temp dir, removed again by stop(). */
  dir?: string;
  /** Aborting stops the lab. */
  signal?: AbortSignal;
  /** As root on Debian/Ubuntu: apt-get install missing packages. */
  install?: boolean;
  /**
   * Stop the lab when this process exits without stopping it (default true, for tests). `landed lab up`
   * passes false: its lab outlives the command.
   */
  stopWithParent?: boolean;
  /** Seed mailboxes per provider (default 1); benchmarks use more. */
  seedsPerProvider?: number;
}

/** Starts a lab on a free 127.A.B.0/24 and returns once every part answers (a few seconds). */
export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  const ownDir = options.dir === undefined;
  const dir = ownDir ? await mkdtemp(join(tmpdir(), 'landed-lab-')) : resolve(options.dir!);
  const layout = labLayout(dir);
  try {
    if (await labIsRunning(layout)) {
      throw new LandedError('USAGE', `a lab is already running in ${dir}`, { where: dir, hint: `landed lab down --dir ${dir}` });
    }
    await stopDaemon(layout); // what a crashed lab in this dir left behind (nothing, normally)
    const previous = await readLabState(dir).catch(() => undefined);
    const programs = await findLabPrograms({ install: options.install });
    await prepareLab(dir, programs, previous?.world.prefix, options.seedsPerProvider);
    const watchParent = options.stopWithParent ?? true;
    await launchDaemon(layout, watchParent).catch(async (error: Error) => {
      // Another lab took the same /24 between our bind test and our start (rare): once more, elsewhere.
      if (!/address already in use|EADDRINUSE/i.test(error.message)) throw error;
      await prepareLab(dir, programs, undefined, options.seedsPerProvider);
      await launchDaemon(layout, watchParent);
    });
  } catch (error) {
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const lab = await connectLab(dir, { removeDir: ownDir });
  options.signal?.addEventListener('abort', () => void lab.stop(), { once: true });
  return lab;
}

/** A handle on the lab running in `dir` (for `landed lab status/down`, or a second process). */
export async function connectLab(dir: string, options: { removeDir?: boolean } = {}): Promise<Lab> {
  const state = await readLabState(resolve(dir));
  const layout = labLayout(state.dir);
  const info = labInfo(state);
  const call = <T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => controlRequest<T>(layout.controlSocket, method, path, body);
  const part = (name: LabPart, action: string) => call<unknown>('POST', `/parts/${encodeURIComponent(name)}/${action}`).then(() => undefined);
  let stopping: Promise<void> | undefined;
  const lab: Lab = {
    dir: state.dir,
    configFile: layout.configFile,
    forwardingConfigFile: layout.forwardingConfigFile,
    envFile: layout.envFile,
    info,
    resolverServers: [`${info.dns.host}:${info.dns.port}`],
    faults: {
      provider: (id, knobs) => call('PUT', `/knobs/provider/${encodeURIComponent(id)}`, knobs),
      mta: (id, knobs) => call('PUT', `/knobs/mta/${encodeURIComponent(id)}`, knobs),
      app: (id, knobs) => call('PUT', `/knobs/app/${encodeURIComponent(id)}`, knobs),
      reset: () => call('POST', '/knobs/reset').then(() => undefined),
    },
    stopPart: (name) => part(name, 'stop'),
    startPart: (name) => part(name, 'start'),
    restartPart: (name) => part(name, 'restart'),
    status: () => call('GET', '/status'),
    events: (since = 0) => call('GET', `/events?since=${since}`),
    sendDmarcReports: () => call('POST', '/dmarc-reports'),
    async waitForEvent(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await lab.events()).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new LandedError('TIMEOUT', `no matching lab event within ${timeoutMs / 1000}s`, { where: state.dir });
        await sleep(100);
      }
    },
    stop() {
      stopping ??= stopDaemon(layout).then(() => (options.removeDir ? rm(state.dir, { recursive: true, force: true }) : undefined));
      return stopping;
    },
  };
  return lab;
}
