import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LANDED_RULES_LUA } from './rules.ts';

/**
 * Modules that would make a score depend on the network or on what was seen before: DNS and URL blocklists,
 * Bayes/neural/fuzzy/reputation (learned state), redis-backed ones, SPF/DKIM/DMARC/ARC (the run's own
 * analysis judges those, against the right DNS), HELO/rDNS checks of a connection there is none of.
 * Turned off so the same message always gets the same score, offline.
 */
export const DISABLED_MODULES = [
  'antivirus', 'arc', 'asn', 'bimi', 'clickhouse', 'dcc', 'dkim', 'dkim_signing', 'dmarc', 'elastic', 'emails',
  'external_relay', 'external_services', 'force_actions', 'fuzzy_check', 'greylist', 'hfilter', 'history_redis',
  'maillist', 'metadata_exporter', 'metric_exporter', 'multimap', 'mx_check', 'neural', 'p0f', 'phishing',
  'ratelimit', 'rbl', 'replies', 'reputation', 'rspamd_update', 'spamassassin', 'spamtrap', 'spf', 'surbl',
  'url_redirector', 'whitelist',
] as const;

/**
 * Writes a complete private rspamd configuration into `dir`: one normal worker on 127.0.0.1:port, logs, pid
 * and caches inside `dir`, nothing read from /etc/rspamd/local.d or override.d (LOCAL_CONFDIR is `dir`), and
 * the system's stock rules otherwise. The only thing kept between starts is `patternCache`: rspamd's compiled
 * pattern sets (hyperscan), which take 25 s to several minutes of CPU to build and change no score.
 */
export async function writeRspamdConfig(dir: string, port: number, patternCache: string): Promise<string> {
  const override = join(dir, 'override.d');
  await mkdir(override, { recursive: true });
  for (const sub of ['db', 'run', 'log']) await mkdir(join(dir, sub), { recursive: true });
  const main = join(dir, 'rspamd.conf');
  await writeFile(
    main,
    `.include "$CONFDIR/common.conf"
options {
  pidfile = "$RUNDIR/rspamd.pid";
  .include "$CONFDIR/options.inc"
  .include(priority=10) "$LOCAL_CONFDIR/override.d/options.inc"
}
logging {
  type = "file";
  filename = "$LOGDIR/rspamd.log";
  level = "warning";
}
worker "normal" {
  bind_socket = "127.0.0.1:${port}";
  count = 1;
  .include "$CONFDIR/worker-normal.inc"
}
`,
  );
  await writeFile(
    join(override, 'options.inc'),
    `filters = "chartable,regexp";
hs_cache_dir = "${patternCache}/";
# Loopback is "local" to rspamd, which would skip checks: judge every message the same way.
check_local = true;
local_addrs = [];
# Nothing may reach the network: any stray lookup fails at once instead of depending on the resolver.
dns { nameserver = ["127.0.0.1:9"]; timeout = 0.2s; retransmits = 1; }
control_socket = "$DBDIR/rspamd.sock mode=0600";
`,
  );
  for (const module of DISABLED_MODULES) await writeFile(join(override, `${module}.conf`), 'enabled = false;\n');
  // These two keep their local map only (the stock config also fetches one from maps.rspamd.com).
  await writeFile(join(override, 'mime_types.conf'), 'file = ["${CONFDIR}/maps.d/mime_types.inc"];\n');
  await writeFile(join(override, 'mid.conf'), 'source { url = ["${CONFDIR}/maps.d/mid.inc"]; }\n');
  await writeFile(join(dir, 'rspamd.local.lua'), LANDED_RULES_LUA);
  return main;
}
