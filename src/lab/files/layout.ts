import { join } from 'node:path';

/** Where everything of one lab lives inside its directory; nothing is written outside it. */
export function labLayout(dir: string) {
  return {
    dir,
    configFile: join(dir, 'landed.yaml'),
    /** landed.yaml plus the seeds behind the forwarder and the lists (docs/lab.md, Forwarding). */
    forwardingConfigFile: join(dir, 'landed-forwarding.yaml'),
    envFile: join(dir, '.env'),
    /** World, addresses and passwords for the daemon and connectLab (mode 0600). */
    stateFile: join(dir, 'lab.json'),
    caFile: join(dir, 'ca.pem'),
    scenariosDir: join(dir, 'scenarios'),
    tlsDir: join(dir, 'tls'),
    serverKey: join(dir, 'tls', 'server.key'),
    serverCert: join(dir, 'tls', 'server.pem'),
    dkimDir: join(dir, 'dkim'),
    dnsDir: join(dir, 'dns'),
    nsdConf: join(dir, 'dns', 'nsd.conf'),
    zonesDir: join(dir, 'dns', 'zones'),
    dovecotDir: (host: string) => join(dir, 'dovecot', host),
    logsDir: join(dir, 'logs'),
    runDir: join(dir, 'run'),
    daemonPid: join(dir, 'run', 'daemon.pid'),
    controlSocket: join(dir, 'run', 'control.sock'),
    /** Pid files of the processes the daemon supervises: dns.pid, dovecot-strict.pid, ... */
    partPid: (part: string) => join(dir, 'run', `${part.replace(':', '-')}.pid`),
  };
}

export type LabLayout = ReturnType<typeof labLayout>;

/** Unix sockets (Dovecot's, the control socket) must fit in 107 bytes; this is the room their names need. */
export const MAX_LAB_DIR_LENGTH = 60;
