import { join } from 'node:path';
import type { LabLayout } from './layout.ts';
import type { ZoneFile } from './zones.ts';

/**
 * nsd.conf for the lab's authoritative server: one address, a high port, every file in the lab dir, no
 * privilege drop or chroot (so it runs the same as root or as a developer), no remote control, no rate limit.
 */
export function nsdConf(layout: LabLayout, listen: { address: string; port: number }, zones: ZoneFile[]): string {
  const run = join(layout.dnsDir, 'run');
  const lines = [
    '# NSD for one landed lab. Started by the lab daemon: nsd -d -c <this file>',
    'server:',
    `  ip-address: ${listen.address}@${listen.port}`,
    `  port: ${listen.port}`,
    '  server-count: 1',
    '  tcp-count: 32',
    '  username: ""',
    '  chroot: ""',
    '  database: ""',
    `  zonesdir: "${layout.zonesDir}"`,
    `  zonelistfile: "${join(run, 'zone.list')}"`,
    `  xfrdfile: "${join(run, 'xfrd.state')}"`,
    `  xfrdir: "${run}"`,
    `  pidfile: "${join(run, 'nsd.pid')}"`,
    `  logfile: "${join(layout.logsDir, 'nsd.log')}"`,
    `  cookie-secret-file: "${join(run, 'cookie.secret')}"`,
    '  hide-version: yes',
    // Response rate limiting guards the Internet against amplification; here every query comes from 127.0.0.1,
    // and its 200 answers a second dropped the lab's own lookups in a 10,000-probe burst (verdicts temperror).
    '  rrl-ratelimit: 0',
    '  verbosity: 1',
    'remote-control:',
    '  control-enable: no',
  ];
  for (const zone of zones) lines.push('zone:', `  name: "${zone.origin}"`, `  zonefile: "${zone.file}"`);
  return `${lines.join('\n')}\n`;
}
