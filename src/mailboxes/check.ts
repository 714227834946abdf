import type { ResolvedSeed } from '../config/types.ts';
import type { ErrorCode } from '../errors.ts';
import { closeImap, openImap } from './connect.ts';
import { detectFolders, type DetectedFolders } from './folders.ts';
import { imapError } from './imap-errors.ts';
import { credentialSecrets } from '../config/credentials.ts';

/** What `landed seeds check` found out about one seed. */
export interface SeedCheck {
  seedId: string;
  address: string;
  provider: string;
  /** Usable: logged in and found its inbox. A missing junk folder is a warning, not a failure. */
  ok: boolean;
  /** Why not, when not ok; free of secrets. */
  error?: { code: ErrorCode; message: string; hint?: string };
  folders?: DetectedFolders;
  capabilities?: { idle: boolean; specialUse: boolean; gmail: boolean };
  warnings: string[];
  elapsedMs: number;
}

export interface CheckOptions {
  /** Seeds checked at once (default 4). */
  concurrency?: number;
  /** Per seed: connect, login and folder listing (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Logs into every seed, a few at a time, and reports per seed: login, folders and how they were found, capabilities. */
export async function checkSeeds(seeds: ResolvedSeed[], options: CheckOptions = {}): Promise<SeedCheck[]> {
  const results: SeedCheck[] = new Array(seeds.length);
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const index = next++;
      results[index] = await checkSeed(seeds[index]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, seeds.length) }, worker));
  return results;
}

export async function checkSeed(seed: ResolvedSeed, options: CheckOptions = {}): Promise<SeedCheck> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = { seedId: seed.id, address: seed.address, provider: seed.provider, warnings: [] as string[] };
  if (seed.imap.tls.insecure) base.warnings.push('TLS certificate verification is off (imap.tls.insecure); prefer imap.tls.ca');
  try {
    const client = await openImap(seed.imap, { where: seed.id, loginHint: seed.loginHint, timeoutMs, fetch: options.fetch });
    try {
      const folders = await detectFolders(client, seed.folderNames, seed.folders, seed.id, timeoutMs);
      const capabilities = {
        idle: client.capabilities.has('IDLE'),
        specialUse: client.capabilities.has('SPECIAL-USE') || client.capabilities.has('XLIST'),
        gmail: client.capabilities.has('X-GM-EXT-1'),
      };
      base.warnings.push(...warningsFor(seed, folders, capabilities, seed.gmailTabs));
      return { ...base, ok: true, folders, capabilities, elapsedMs: Date.now() - started };
    } finally {
      await closeImap(client);
    }
  } catch (error) {
    const problem = imapError(error, { where: seed.id, endpoint: seed.imap, secrets: credentialSecrets(seed.imap.auth) });
    const failure = { code: problem.code, message: problem.message, hint: problem.hint };
    return { ...base, ok: false, error: failure, elapsedMs: Date.now() - started };
  }
}

function warningsFor(seed: ResolvedSeed, folders: DetectedFolders, caps: NonNullable<SeedCheck['capabilities']>, gmailTabs: boolean): string[] {
  const warnings: string[] = [];
  if (!folders.spam) warnings.push('no junk folder identified: spam placement cannot be seen (set folders.spam)');
  else if (folders.spam.how === 'guessed') warnings.push(`junk folder "${folders.spam.path}" was guessed from its name: confirm it, or set folders.spam`);
  if (!caps.idle) warnings.push('no IDLE: the mailbox is polled, detection is slower');
  if (gmailTabs && !caps.gmail) warnings.push('no X-GM-EXT-1: Gmail inbox tabs cannot be told apart');
  if (seed.cleanup === 'move' && !seed.cleanupFolder) warnings.push('cleanup: move without cleanupFolder: probes are kept');
  return warnings;
}
