import { join, resolve } from 'node:path';

/**
 * What the command line may say over landed.yaml (`--reports`, `--history`, `--dns`): applied while the config
 * is resolved, never patched in afterwards. Paths are relative to where the user is, not to landed.yaml.
 */
export interface ConfigOverrides {
  /** Runs go here, and the history inside it unless `history` says otherwise. */
  reports?: string;
  history?: string;
  /** DNS servers, "ADDR" or "ADDR:PORT". */
  dns?: string[];
}

/** Where runs and the history are kept, and which DNS is asked. */
export interface Places {
  reportsDir: string;
  historyFile: string;
  /** Empty: the system resolver. */
  dnsServers: string[];
}

/**
 * The command line over landed.yaml over the defaults. Without a landed.yaml (`file` undefined) the defaults
 * are under `cwd`: reports/, reports/history.sqlite, the system resolver.
 */
export function resolvePlaces(
  file: { dir: string; reports: string; history?: string; dns: string[] } | undefined,
  overrides: ConfigOverrides,
  cwd: string,
): Places {
  const reportsDir = overrides.reports ? resolve(cwd, overrides.reports) : resolve(file?.dir ?? cwd, file?.reports ?? 'reports');
  const historyFile = overrides.history
    ? resolve(cwd, overrides.history)
    : file?.history && !overrides.reports
      ? resolve(file.dir, file.history)
      : join(reportsDir, 'history.sqlite');
  return { reportsDir, historyFile, dnsServers: overrides.dns ?? file?.dns ?? [] };
}
