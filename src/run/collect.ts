import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/types.ts';
import type { FoundProbe, SeedWatch } from '../mailboxes/watch.ts';
import type { BounceOutcome } from '../results/types.ts';
import { messageFileOf } from '../results/run-folder.ts';
import type { JournalEntry } from './journal.ts';
import { untrustedBecause } from '../mailboxes/bounces/trust.ts';
import type { ParsedBounce } from '../mailboxes/bounces/parse.ts';
import type { MailboxWatcher } from './ports.ts';
import type { RunStates } from './state.ts';

export interface Collection {
  /** Resolves once the seed's mailbox was logged into, or its watch failed (its probes are then final). */
  seedReady(seedId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface CollectOptions {
  config: ResolvedConfig;
  states: RunStates;
  runDir: string;
  watcher: MailboxWatcher;
  since: Date;
  signal: AbortSignal;
  record(entry: JournalEntry): Promise<void>;
  /**
   * A found probe whose message is now saved in the run folder, for the analysis to read when it has time;
   * or, with `unsaved`, whose message could not be saved: the analysis takes it from memory.
   */
  analyse(probeId: string, unsaved?: Buffer): void;
  /** Reads a bounce mailbox's notification (off the run's thread: see Analyser.parseBounce). */
  parseBounce(raw: Buffer): Promise<ParsedBounce | undefined>;
  redact(text: string): string;
  info(message: string): void;
}

/**
 * Watches every seed mailbox that has probes (and every route's bounce mailbox) and turns what they report
 * into journal entries. A seed that cannot be watched ends its own probes as `error`, never the run.
 */
export function startCollection(options: CollectOptions): Collection {
  const { config, states, record } = options;
  const byToken = new Map([...states.values()].map((s) => [s.probe.token, s]));
  const open = (ids: Iterable<string>) => [...states.values()].filter((s) => !s.final && [...ids].includes(s.probe.seed));
  const watches: SeedWatch[] = [];
  const ready = new Map<string, Promise<void>>();
  const messagesDir = join(options.runDir, 'messages');
  let madeDir: Promise<void> | undefined;
  /** Found probes whose journal line or message file is still being written: stop() waits for them. */
  const saving = new Set<Promise<void>>();

  for (const seed of config.seeds.values()) {
    const tokens = open([seed.id]).map((s) => s.probe.token);
    if (tokens.length === 0) continue;
    const watch = options.watcher.watchSeed(seed, {
      since: options.since,
      tokens,
      signal: options.signal,
      onFound: (found) => (found.copy ? saveCopy(found) : saveFound(found)),
      copies: true,
      onProblem: ({ fatal, message }) => {
        const text = options.redact(message);
        if (!fatal) return options.info(`seed ${seed.id}: ${text}`);
        for (const state of open([seed.id])) void record({ type: 'final', id: state.probe.id, placement: 'error', error: `seed ${seed.id}: ${text}` });
      },
      log: (message) => options.info(options.redact(message)),
    });
    watches.push(watch);
    if (watch.ready) ready.set(seed.id, watch.ready);
  }

  for (const route of config.routes.values()) {
    if (!route.bounces) continue;
    const tokens = [...states.values()].filter((s) => s.probe.route === route.id && !s.final).map((s) => s.probe.token);
    if (tokens.length === 0) continue;
    watches.push(
      options.watcher.watchBounces(route, {
        since: options.since,
        tokens,
        signal: options.signal,
        parse: options.parseBounce,
        onBounce: ({ token, ...bounce }) => {
          const state = byToken.get(token);
          if (!state || state.final || state.found) return;
          const { messageIds, recipient, ...rest } = bounce;
          const untrusted = untrustedBecause(bounce, {
            messageId: state.envelope?.messageId,
            seedAddress: config.seeds.get(state.probe.seed)?.address ?? '',
            reportingMtas: route.smtp ? [route.smtp.host] : [],
          });
          const outcome: BounceOutcome = { ...rest, receivedAt: bounce.receivedAt.toISOString(), ...(untrusted ? { untrusted } : {}) };
          void record({ type: 'bounced', id: state.probe.id, bounce: outcome });
          if (!untrusted) void record({ type: 'final', id: state.probe.id, placement: 'rejected' });
        },
        onProblem: ({ message }) => options.info(`bounce mailbox of route ${route.id}: ${options.redact(message)}`),
      }),
    );
  }

  /** A further copy of a probe already found: where and when, for the `duplicates` of its result. */
  function saveCopy(found: FoundProbe): void {
    const state = byToken.get(found.token);
    if (!state) return;
    const copy = { folder: found.folder, placement: found.placement, receivedAt: found.internalDate.toISOString(), detectedAt: found.detectedAt.toISOString() };
    void record({ type: 'copy', id: state.probe.id, copy });
  }

  /**
   * A found probe: journaled at once (its placement and where its message goes), its message written once the
   * line is durable (detection ends there, and a file write beside the journal would compete with it for
   * libuv's four threads: in a burst, fifty writes queued ahead of its write and fdatasync), then handed to
   * the analysis, which reads it from there. Resolves once both are done, so the watcher cleans the probe up
   * only after that.
   */
  async function saveFound(found: FoundProbe): Promise<void> {
    const state = byToken.get(found.token);
    if (!state || state.found) return;
    // A delivery after a bounce wins (a bounce may be stale, or about another copy); both stay recorded.
    const base = { type: 'found' as const, id: state.probe.id, folder: found.folder, placement: found.placement, tab: found.tab };
    const times = { receivedAt: found.internalDate.toISOString(), detectedAt: found.detectedAt.toISOString(), noticedAt: found.noticedAt.toISOString() };
    const file = messageFileOf(state.probe.id);
    const recorded = record({ ...base, ...times, messageFile: file });
    if (!state.final || state.bounce) void record({ type: 'final', id: state.probe.id, placement: found.placement });
    // landed's own share of detection, by its own clock: the server's EXISTS -> the probe on disk.
    const durable = recorded.then(() => void (state.detectionMs = Date.now() - found.noticedAt.getTime()));
    const saved = durable.then(() => saveMessage(file, found.raw)).then(
      () => options.analyse(state.probe.id),
      async (error: Error) => {
        // Disk full or similar: the placement is still known, and the message is analysed from memory.
        await rm(join(options.runDir, file), { force: true }).catch(() => {});
        await record({ ...base, ...times, error: `could not save the message: ${error.message}` });
        options.analyse(state.probe.id, found.raw);
      },
    );
    const both = Promise.all([durable, saved]).then(() => {});
    saving.add(both);
    await both;
    saving.delete(both);
  }

  async function saveMessage(file: string, raw: Buffer): Promise<void> {
    madeDir ??= mkdir(messagesDir, { recursive: true }).then(
      () => {},
      (error: unknown) => {
        madeDir = undefined; // tried again for the next message
        throw error;
      },
    );
    await madeDir;
    await writeFile(join(options.runDir, file), raw);
  }

  return {
    seedReady: (seedId) => ready.get(seedId) ?? Promise.resolve(),
    stop: async () => {
      await Promise.allSettled(watches.map((w) => w.stop()));
      await Promise.allSettled([...saving]);
    },
  };
}
