/**
 * What a run talks to, passed in (STYLE.md habit 7): the CLI and the bench build the real ones
 * (cli/run-ports.ts), tests pass fakes. Nothing in src/run/ opens a connection, a file or a timer of its own
 * except through these.
 */
import type { ResolvedRoute, ResolvedSeed } from '../config/types.ts';
import type { Resolver } from '../dns/resolver.ts';
import type { BounceWatchOptions, FoundProbe, SeedWatch, WatchOptions } from '../mailboxes/watch.ts';
import type { RouteFactory } from '../routes/route.ts';
import type { JournalEntry } from './journal.ts';

/** Finds probes in seed mailboxes and bounces in the routes' bounce mailboxes. */
export interface MailboxWatcher {
  watchSeed(seed: ResolvedSeed, options: WatchOptions & { onFound(probe: FoundProbe): void | Promise<void> }): SeedWatch;
  watchBounces(route: ResolvedRoute, options: WatchOptions & BounceWatchOptions): SeedWatch;
}

/** Time as the run sees it: deadlines, timestamps, and the pauses between looks at the deadlines. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without error) when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Where the run writes each change of a probe's state; `record` resolves once the entry is durable. */
export interface JournalWriter {
  record(entry: JournalEntry): Promise<void>;
  close(): Promise<void>;
}

export interface RunPorts {
  /** Opens the route with this id; called once per route that has probes to send. */
  routes: RouteFactory;
  watcher: MailboxWatcher;
  /** DNS for the analysis (the run's own verification of SPF, DKIM, DMARC...). */
  resolver: Resolver;
  clock: Clock;
  journal: JournalWriter;
}
