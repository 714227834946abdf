/**
 * How the commands that read runs, the history or DNS find them: `--config FILE`, else ./landed.yaml when
 * there is one, with `--reports`, `--history` and `--dns` applied while it is resolved; without a landed.yaml
 * the same options apply to the defaults under the current folder (reports/, reports/history.sqlite).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { resolvePlaces, type ConfigOverrides, type Places } from '../config/places.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { parseDnsServers } from '../dns/resolver.ts';
import type { CliIO } from './command.ts';

type Values = Record<string, unknown>;

/** The `--config` option and its help line, the same in every command that has it. */
export const CONFIG_OPTION = { config: { type: 'string' } } as const;
export const CONFIG_HELP = '  --config FILE    landed.yaml: where runs and the history are kept (default: ./landed.yaml when there is one)';

export function overridesOf(values: Values): ConfigOverrides {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { reports: text(values.reports), history: text(values.history), dns: parseDnsServers(text(values.dns)) };
}

/**
 * landed.yaml when there is one (a `--config` given, or `required`, must be). Read without secrets: these
 * commands log in nowhere, and a CI job that reads the history needs no mail password.
 */
export async function optionalConfig(values: Values, io: Pick<CliIO, 'env' | 'cwd'>, required = false): Promise<ResolvedConfig | undefined> {
  const given = typeof values.config === 'string' ? values.config : undefined;
  if (!given && !required && !existsSync(resolve(io.cwd, 'landed.yaml'))) return undefined;
  return loadConfig(given ?? 'landed.yaml', { env: io.env, cwd: io.cwd, secretsOptional: true, overrides: overridesOf(values) });
}

/** Runs, history and DNS with the config that says where they are (undefined without a landed.yaml). */
export async function placesOf(values: Values, io: Pick<CliIO, 'env' | 'cwd'>, required = false): Promise<Places & { config?: ResolvedConfig }> {
  const config = await optionalConfig(values, io, required);
  return config ? { config, reportsDir: config.reportsDir, historyFile: config.historyFile, dnsServers: config.dnsServers } : resolvePlaces(undefined, overridesOf(values), io.cwd);
}
