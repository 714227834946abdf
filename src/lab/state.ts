import { readFile, writeFile } from 'node:fs/promises';
import { LandedError } from '../errors.ts';
import type { DovecotUsers } from './files/dovecot-conf.ts';
import { labLayout, type LabLayout } from './files/layout.ts';
import type { LabPrograms } from './packages.ts';
import type { LabInfo, LabMailbox, LabProviderInfo } from './types.ts';
import { LAB_RUA, type LabMailHost, type LabWorld } from './world.ts';

/** DIR/lab.json: everything the daemon and connectLab need to know about a prepared lab (mode 0600). */
export interface LabState {
  version: 1;
  id: string;
  dir: string;
  createdAt: string;
  world: LabWorld;
  passwords: LabInfo['passwords'];
  programs: LabPrograms;
  dovecotUsers: DovecotUsers;
}

export async function writeLabState(layout: LabLayout, state: LabState): Promise<void> {
  await writeFile(layout.stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export async function readLabState(dir: string): Promise<LabState> {
  const layout = labLayout(dir);
  let text: string;
  try {
    text = await readFile(layout.stateFile, 'utf8');
  } catch (error) {
    throw new LandedError('LAB_FAILED', `no lab in ${dir}`, { where: layout.stateFile, hint: "start one with 'landed lab up'", cause: error });
  }
  const state = JSON.parse(text) as LabState;
  if (state.version !== 1) throw new LandedError('LAB_FAILED', `lab.json version ${String(state.version)} is not known`, { where: layout.stateFile });
  return state;
}

/** The public description of a lab (addresses, routes, seeds, passwords) from its state. */
export function labInfo(state: LabState): LabInfo {
  const { world, passwords } = state;
  const layout = labLayout(state.dir);
  const mtas = new Map(world.mtas.map((m) => [m.id, m]));
  const mailbox = (host: LabMailHost, address: string, pass: string): LabMailbox => ({
    address,
    imap: { host: host.imap.address, port: host.imap.port, security: 'starttls' },
    user: address,
    pass,
  });
  const hostById = new Map(world.providers.map((p) => [p.id, p]));
  return {
    id: state.id,
    dir: state.dir,
    prefix: world.prefix,
    dns: { host: world.dns.address, port: world.dns.port },
    caFile: layout.caFile,
    configFile: layout.configFile,
    envFile: layout.envFile,
    routes: Object.fromEntries(
      world.routes.map((r) => {
        const mta = mtas.get(r.mta)!;
        return [r.id, {
          id: r.id, mta: mta.id, host: mta.address, port: mta.port, security: mta.submission ? 'starttls' : 'none',
          ...(mta.submission ? { auth: { user: world.relayUser, pass: passwords.relay } } : {}),
          egress: mta.address, hostname: mta.hostname, from: r.from,
          dkimSelectors: mta.signs.filter((s) => r.from.includes(`@${s.domain}>`)).map((s) => s.selector),
          ...(r.envelopeFrom ? { envelopeFrom: r.envelopeFrom } : {}),
          bounceMailbox: r.bounceMailbox, mistake: r.mistake,
        }];
      }),
    ),
    providers: Object.fromEntries(world.providers.map((p) => [p.id, providerInfo(p)])),
    mailhost: providerInfo(world.mailhost),
    seeds: Object.fromEntries(world.seeds.map((s) => [s.id, { ...mailbox(hostById.get(s.provider)!, s.address, passwords.seed), provider: s.provider }])),
    forwardedSeeds: Object.fromEntries(world.forwardedSeeds.map((s) => [s.id, {
      ...mailbox(hostById.get(s.provider)!, s.address, passwords.seed), user: s.mailbox, provider: s.provider, service: s.service,
    }])),
    bounceMailboxes: Object.fromEntries(Object.values(world.mailhost.catchAll ?? {}).map((u) => [u, mailbox(world.mailhost, u, passwords.bounce)])),
    dmarcMailbox: mailbox(world.mailhost, LAB_RUA, passwords.bounce),
    passwords,
    drills: {
      ownSeed: { id: world.drills.ownSeed.id, ...mailbox(world.mailhost, world.drills.ownSeed.address, passwords.bounce) },
      outsider: world.drills.outsider,
      ownDomain: world.drills.ownDomain,
      lookalikeDomain: world.drills.lookalikeDomain,
      app: { url: `http://${world.drills.app.address}:${world.drills.app.port}`, route: world.drills.app.mta },
    },
  };
}

function providerInfo(host: LabMailHost): LabProviderInfo {
  return {
    id: host.id,
    domains: host.domains,
    mx: { host: host.mx.address, port: host.mx.port, hostname: host.mx.hostname },
    imap: { host: host.imap.address, port: host.imap.port, hostname: host.imap.hostname, security: 'starttls' },
    authservId: host.authservId,
    policy: host.policy,
    junkFolder: host.junk.name,
    junkSpecialUse: host.junk.specialUse,
    style: host.style,
  };
}
