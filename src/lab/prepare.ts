import { chmod, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LandedError } from '../errors.ts';
import { dovecotConf, dovecotPaths } from './files/dovecot-conf.ts';
import { writeDrills } from './files/drills-files.ts';
import { labEnvFile, labScenario, landedYaml } from './files/landed-yaml.ts';
import { labLayout, MAX_LAB_DIR_LENGTH, type LabLayout } from './files/layout.ts';
import { nsdConf } from './files/nsd-conf.ts';
import { dovecotUsers } from './files/system-users.ts';
import { labZones } from './files/zones.ts';
import { blocklistZones } from './files/blocklist-zones.ts';
import { pickLabPrefix } from './network.ts';
import { checkReachableByServers } from './reachable.ts';
import type { LabPrograms } from './packages.ts';
import { generateCertificates, generateDkimKeys, randomPassword, ssha512 } from './key-material.ts';
import { labInfo, writeLabState, type LabState } from './state.ts';
import { labHostnames, labWorld, type LabMailHost } from './world.ts';

/** Folders a lab regenerates on every start; anything else in the lab dir is left alone. */
const GENERATED = ['tls', 'dkim', 'dns', 'dovecot', 'logs', 'run'];

/**
 * Writes a fresh lab into `dir`: addresses, keys, certificates, zone files, server configs, landed.yaml,
 * .env and lab.json. Starts nothing. `previousPrefix` is reused when still free, so a restarted lab in the
 * same dir keeps its addresses.
 */
export async function prepareLab(dir: string, programs: LabPrograms, previousPrefix?: string, seedsPerProvider = 1): Promise<LabState> {
  if (dir.length > MAX_LAB_DIR_LENGTH) {
    throw new LandedError('USAGE', `the lab dir path is ${dir.length} characters; Dovecot's sockets need it under ${MAX_LAB_DIR_LENGTH}`, {
      where: dir,
      hint: 'use a shorter --dir, e.g. one under /tmp',
    });
  }
  const layout = labLayout(dir);
  await mkdir(dir, { recursive: true });
  await checkReachableByServers(dir);
  await Promise.all(GENERATED.map((sub) => rm(join(dir, sub), { recursive: true, force: true })));
  for (const sub of [layout.tlsDir, layout.dkimDir, layout.zonesDir, join(layout.dnsDir, 'run'), layout.logsDir, layout.runDir, layout.scenariosDir]) {
    await mkdir(sub, { recursive: true });
  }

  const world = labWorld(await pickLabPrefix(previousPrefix), seedsPerProvider);
  const id = `lab-${world.prefix.replaceAll('.', '-')}`;
  const hostnames = labHostnames(world);
  const [dkimPublic] = await Promise.all([
    generateDkimKeys(layout),
    generateCertificates(layout, id, [...new Set(hostnames.map((h) => h.hostname))], hostnames.map((h) => h.address)),
  ]);

  const zones = [...labZones(world, dkimPublic), ...blocklistZones(world)];
  await Promise.all(zones.map((z) => writeFile(join(layout.zonesDir, z.file), z.text)));
  await writeFile(layout.nsdConf, nsdConf(layout, world.dns, zones));

  const state: LabState = {
    version: 1,
    id,
    dir,
    createdAt: new Date().toISOString(),
    world,
    passwords: { relay: randomPassword(), seed: randomPassword(), bounce: randomPassword(), app: randomPassword() },
    programs,
    dovecotUsers: dovecotUsers(),
  };
  await mkdir(join(dir, 'dovecot'), { recursive: true });
  for (const host of world.providers) await writeDovecot(layout, state, host, state.passwords.seed);
  await writeDovecot(layout, state, world.mailhost, state.passwords.bounce);
  if (process.getuid?.() === 0) await chmod(dir, 0o711); // Dovecot's unprivileged parts must reach their files

  const info = labInfo(state);
  await writeFile(layout.envFile, labEnvFile(info), { mode: 0o600 });
  await chmod(layout.envFile, 0o600); // an existing .env keeps its mode on writeFile
  await writeFile(layout.configFile, landedYaml(info));
  await writeFile(layout.forwardingConfigFile, landedYaml(info, { forwarded: true }));
  await writeFile(join(layout.scenariosDir, 'lab.yaml'), labScenario(info));
  await writeDrills(layout, info);
  await writeLabState(layout, state);
  await chmod(layout.stateFile, 0o600);
  return state;
}

async function writeDovecot(layout: LabLayout, state: LabState, host: LabMailHost, password: string): Promise<void> {
  const paths = dovecotPaths(layout, host.id);
  const users = state.dovecotUsers;
  for (const sub of [paths.baseDir, paths.stateDir, paths.mail]) await mkdir(sub, { recursive: true });
  await writeFile(paths.conf, dovecotConf(layout, host, state.id, users));
  await writeFile(paths.passwd, host.users.map((u) => `${u}:${ssha512(password)}\n`).join(''), { mode: 0o640 });
  if (process.getuid?.() === 0) {
    await chown(paths.passwd, 0, users.mailGid);
    await chown(paths.mail, users.mailUid, users.mailGid);
    for (const d of [join(layout.dir, 'dovecot'), paths.root]) await chmod(d, 0o711);
  }
}
