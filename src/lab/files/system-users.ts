import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { LandedError } from '../../errors.ts';
import type { DovecotUsers } from './dovecot-conf.ts';

/**
 * The users Dovecot runs as. Root: Debian's `dovecot` (internal and mail owner) and `dovenull` (login),
 * created by the dovecot-core package. Anyone else: themselves, since they cannot switch users.
 */
export function dovecotUsers(): DovecotUsers {
  if (process.getuid?.() !== 0) {
    const me = userInfo();
    return { internal: me.username, internalGroup: groupName(me.gid) ?? String(me.gid), login: me.username, mailUid: me.uid, mailGid: me.gid };
  }
  const dovecot = systemUser('dovecot');
  if (!dovecot || !systemUser('dovenull')) {
    throw new LandedError('LAB_MISSING_PACKAGE', 'the system users dovecot and dovenull are missing', {
      where: 'landed lab',
      hint: 'apt-get install -y dovecot-imapd (the package creates them)',
    });
  }
  return { internal: 'dovecot', internalGroup: groupName(dovecot.gid) ?? 'dovecot', login: 'dovenull', mailUid: dovecot.uid, mailGid: dovecot.gid };
}

function groupName(gid: number): string | undefined {
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [name, , id] = line.split(':');
    if (name && Number(id) === gid) return name;
  }
  return undefined;
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}
