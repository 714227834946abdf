import { dirname, relative, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { readCapped, readCappedSync } from '../capped-read.ts';
import { LandedError } from '../errors.ts';
import { getProvider, listProviders, presetFacts } from '../providers/index.ts';
import { closest } from '../suggest.ts';
import { credentialSecrets } from './credentials.ts';
import type { ProviderPreset, Security } from '../providers/types.ts';
import { parseDuration } from './duration.ts';
import { resolvePlaces, type ConfigOverrides } from './places.ts';
import { configSchema, type ConfigFile } from './schema.ts';
import type { Credentials, ImapEndpoint, ResolvedConfig, ResolvedDmarc, ResolvedRoute, ResolvedSeed, TlsOptions } from './types.ts';
import { loadYamlFile } from './yaml.ts';

type RawImap = ConfigFile['seeds'][string]['imap'];
type RawAuth = RawImap['auth'];
type RawTls = RawImap['tls'];

const DEFAULT_PORTS = { smtp: { tls: 465, starttls: 587, none: 25 }, imap: { tls: 993, starttls: 143, none: 143 } };

/**
 * Loads landed.yaml into a ResolvedConfig: `${VAR}` from the environment (and from a `.env` file beside
 * landed.yaml, which never overrides the real environment), presets applied, CA files read, the command
 * line's `overrides` applied. With `secretsOptional`, an unset variable is left empty instead of being an error.
 */
export async function loadConfig(
  file: string,
  options: { env: NodeJS.ProcessEnv; cwd: string; secretsOptional?: boolean; overrides?: ConfigOverrides },
): Promise<ResolvedConfig> {
  const path = resolve(options.cwd, file);
  const dir = dirname(path);
  const shown = relative(options.cwd, path) || path;
  const env = { ...(await readDotEnv(dir)), ...options.env };
  const { data, secrets } = await loadYamlFile(path, configSchema, env, options.cwd, { secretsOptional: options.secretsOptional, check: knownProviders });

  const problems: string[] = [];
  const context = { dir, shown, problems };
  const places = resolvePlaces({ dir, reports: data.reports, history: data.history, dns: data.dns.servers }, options.overrides ?? {}, options.cwd);
  const routes = new Map(Object.entries(data.routes).map(([id, raw]) => [id, resolveRoute(id, raw, context, places.dnsServers)]));
  const seeds = new Map<string, ResolvedSeed>();
  for (const [id, raw] of Object.entries(data.seeds)) {
    const seed = resolveSeed(id, raw, context);
    if (seed) seeds.set(id, seed);
  }
  if (problems.length > 0) {
    throw new LandedError('CONFIG_INVALID', `${problems.length} problem(s) in this file`, { where: shown, problems });
  }
  const dmarc = data.dmarc && resolveDmarc(data.dmarc, context);
  if (problems.length > 0) {
    throw new LandedError('CONFIG_INVALID', `${problems.length} problem(s) in this file`, { where: shown, problems });
  }
  const credentials = [...credentialValues(routes, seeds), ...(dmarc ? credentialSecrets(dmarc.imap.auth) : [])];
  return {
    file: path,
    dir,
    routes,
    seeds,
    ...places,
    scenariosDir: resolve(dir, data.scenarios),
    reporters: data.reporters,
    blocklists: data.blocklists,
    dmarc,
    secrets: [...new Set([...secrets, ...credentials])].filter((s) => s.length >= 4),
    warnings: credentials.some((s) => s && !secrets.includes(s))
      ? [`${shown} holds a password or token itself; write \${VAR} and keep the value in the environment or in .env beside it`]
      : [],
  };
}

interface Context {
  dir: string;
  shown: string;
  problems: string[];
}

function resolveRoute(id: string, raw: ConfigFile['routes'][string], context: Context, dnsServers: string[]): ResolvedRoute {
  const { smtp, direct, http, command } = raw;
  return {
    id,
    smtp: smtp && {
      host: smtp.host,
      port: smtp.port ?? DEFAULT_PORTS.smtp[smtp.security],
      security: smtp.security,
      auth: smtp.auth ? resolveAuth(smtp.auth, smtp.auth.user ?? '', undefined) : undefined,
      tls: resolveTls(smtp.tls, context, `routes.${id}.smtp.tls`),
      localAddress: smtp.localAddress,
      helo: smtp.helo,
    },
    direct: direct && { port: direct.port, localAddress: direct.localAddress, helo: direct.helo, dnsServers },
    http: http && { url: http.url, method: http.method, headers: http.headers, body: http.body, status: http.status, timeoutMs: parseDuration(http.timeout) },
    command: command && { run: command.run, env: command.env, cwd: context.dir, timeoutMs: parseDuration(command.timeout) },
    from: raw.from,
    envelopeFrom: raw.envelopeFrom,
    dkimSelectors: raw.dkimSelectors,
    retry: { attempts: raw.retry.attempts, firstDelayMs: parseDuration(raw.retry.firstDelay), maxDelayMs: parseDuration(raw.retry.maxDelay) },
    bounces: raw.bounces && {
      imap: resolveImap(raw.bounces.imap, undefined, '', context, `routes.${id}.bounces.imap`),
      folders: raw.bounces.folders,
    },
  };
}

/** Unknown provider ids, located at file:line:column with the closest preset id. */
function knownProviders(data: ConfigFile): Array<{ path: string[]; message: string }> {
  const ids = listProviders().map((p) => p.id);
  return Object.entries(data?.seeds ?? {})
    .filter(([, seed]) => typeof seed?.provider === 'string' && !getProvider(seed.provider))
    .map(([id, seed]) => {
      const guess = closest(seed.provider, ids);
      return { path: ['seeds', id, 'provider'], message: `unknown provider "${seed.provider}"${guess ? `; did you mean '${guess}'?` : ''} (run 'landed providers' for the list, or use "imap")` };
    });
}

function resolveSeed(id: string, raw: ConfigFile['seeds'][string], context: Context): ResolvedSeed | undefined {
  const preset = getProvider(raw.provider);
  if (!preset) {
    context.problems.push(`seeds.${id}.provider: unknown provider "${raw.provider}" (run 'landed providers' for the list, or use "imap")`);
    return undefined;
  }
  return {
    id,
    address: raw.address,
    provider: preset.id,
    imap: resolveImap(raw.imap, preset, raw.address, context, `seeds.${id}.imap`),
    folders: raw.folders ?? {},
    authservIds: raw.authservIds ?? preset.authservIds,
    requirements: raw.requirements ?? (preset.requirements ? [preset.requirements] : []),
    tags: raw.tags,
    cleanup: raw.cleanup,
    cleanupFolder: raw.cleanupFolder,
    maxConnections: raw.maxConnections ?? preset.maxConnections ?? 4,
    ...presetFacts(preset),
  };
}

function resolveDmarc(raw: NonNullable<ConfigFile['dmarc']>, context: Context): ResolvedDmarc | undefined {
  const preset = getProvider(raw.provider);
  if (!preset) {
    context.problems.push(`dmarc.provider: unknown provider "${raw.provider}" (run 'landed providers' for the list, or use "imap")`);
    return undefined;
  }
  return { address: raw.address, provider: preset.id, imap: resolveImap(raw.imap, preset, raw.address, context, 'dmarc.imap'), folders: raw.folders, alerts: raw.alerts };
}

function resolveImap(raw: RawImap, preset: ProviderPreset | undefined, address: string, context: Context, where: string): ImapEndpoint {
  const host = raw.host ?? preset?.imap?.host;
  if (!host) context.problems.push(`${where}.host: required for provider "${preset?.id ?? 'imap'}" (it has no default server)`);
  const security: Security = raw.security ?? preset?.imap?.security ?? 'tls';
  return {
    host: host ?? '',
    port: raw.port ?? (raw.host ? undefined : preset?.imap?.port) ?? DEFAULT_PORTS.imap[security],
    security,
    auth: resolveAuth(raw.auth, address, preset),
    tls: resolveTls(raw.tls, context, `${where}.tls`),
  };
}

function resolveAuth(raw: RawAuth, defaultUser: string, preset: ProviderPreset | undefined): Credentials {
  const user = raw.user ?? defaultUser;
  if (!raw.oauth2) return { user, pass: raw.pass ?? '' };
  const o = raw.oauth2;
  const flavor = o.flavor ?? preset?.oauth2?.flavor ?? 'custom';
  const tokenUrl = o.tokenUrl ?? defaultTokenUrl(flavor, o.tenant, preset);
  const common = { flavor, tokenUrl, clientId: o.clientId, clientSecret: o.clientSecret, scope: o.scope ?? preset?.oauth2?.scope };
  return {
    user,
    oauth2: o.grant === 'client_credentials' ? { ...common, grant: 'client_credentials' } : { ...common, grant: 'refresh_token', refreshToken: o.refreshToken ?? '' },
  };
}

function defaultTokenUrl(flavor: string, tenant: string | undefined, preset: ProviderPreset | undefined): string {
  if (flavor === 'microsoft') return `https://login.microsoftonline.com/${tenant ?? 'common'}/oauth2/v2.0/token`;
  return preset?.oauth2?.tokenUrl ?? 'https://oauth2.googleapis.com/token';
}

function resolveTls(raw: RawTls, context: Context, where: string): TlsOptions {
  if (!raw?.ca) return { insecure: raw?.insecure ?? false };
  const file = resolve(context.dir, raw.ca);
  try {
    return { ca: readCappedSync(file, { maxBytes: 1024 * 1024 }).toString('utf8'), insecure: raw.insecure };
  } catch {
    context.problems.push(`${where}.ca: cannot read CA file ${relative(context.dir, file)} (a PEM certificate, relative to landed.yaml)`);
    return { insecure: raw.insecure };
  }
}

/** Every credential value, from the environment or written straight into the file (masked either way). */
function credentialValues(routes: Map<string, ResolvedRoute>, seeds: Map<string, ResolvedSeed>): string[] {
  const creds = [...routes.values()].flatMap((r) => [r.smtp?.auth, r.bounces?.imap.auth]).concat([...seeds.values()].map((s) => s.imap.auth));
  return creds.flatMap((c) => (c ? credentialSecrets(c) : []));
}

/** The .env file beside landed.yaml, as variables; none when there is no such file. */
export async function readDotEnv(dir: string): Promise<Record<string, string>> {
  try {
    return parseEnv((await readCapped(resolve(dir, '.env'), { maxBytes: 1024 * 1024, code: 'CONFIG_INVALID' })).toString('utf8')) as Record<string, string>;
  } catch (error) {
    // No .env is the common case; an unreadable or oversized one is an error worth saying.
    if (((error as LandedError).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return {};
    throw error;
  }
}
