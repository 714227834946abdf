import { join } from 'node:path';
import type { LabMailHost } from '../world.ts';
import type { LabLayout } from './layout.ts';

/**
 * Which system users Dovecot runs its parts as. As root: Debian's `dovecot` and `dovenull`, with the
 * mail owned by `dovecot`. As anyone else: that user for everything (Dovecot then cannot change users).
 */
export interface DovecotUsers {
  internal: string;
  internalGroup: string;
  login: string;
  mailUid: number;
  mailGid: number;
}

/**
 * What an older server announces: Dovecot 2.2-era capabilities, without SPECIAL-USE. Used by a mail host
 * that flags none of its folders, so clients must find its junk folder by name (or be told it).
 */
const OLDER_SERVER_CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE ' +
  'UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE LITERAL+';

/** Paths of one mail host's Dovecot inside the lab dir. */
export function dovecotPaths(layout: LabLayout, host: string) {
  const root = layout.dovecotDir(host);
  return {
    root,
    conf: join(root, 'dovecot.conf'),
    passwd: join(root, 'passwd'),
    baseDir: join(root, 'run'),
    stateDir: join(root, 'state'),
    mail: join(root, 'mail'),
    log: join(layout.logsDir, `dovecot-${host}.log`),
  };
}

/**
 * Dovecot 2.3 config for one mail host: IMAP (STARTTLS offered, IDLE, SPECIAL-USE where the provider sets
 * it) and LMTP, through which the host's MX hands mail over. LMTP puts mail into a folder by the address
 * detail (`seed1+Junk@strict.test` -> Junk), the way a real MTA hands mail to Dovecot, without a master
 * password; Dovecot adds Return-Path and its own Received hop.
 */
export function dovecotConf(layout: LabLayout, host: LabMailHost, labId: string, users: DovecotUsers): string {
  const p = dovecotPaths(layout, host.id);
  const folders = [
    ...host.folders,
    { name: host.junk.name, specialUse: host.junk.specialUse ? '\\Junk' : undefined },
  ];
  const flagsNothing = folders.every((f) => !f.specialUse);
  const mailboxes = folders.flatMap((f) => [
    `  mailbox "${f.name}" {`,
    '    auto = subscribe',
    ...(f.specialUse ? [`    special_use = ${f.specialUse}`] : []),
    '  }',
  ]);
  return `# Dovecot for the lab mail host "${host.id}" (${host.style}).
# Started by the lab daemon: dovecot -F -c <this file>. Nothing outside the lab dir is used.
instance_name = landed-${labId}-${host.id}
base_dir = ${p.baseDir}
state_dir = ${p.stateDir}
log_path = ${p.log}
listen = ${host.imap.address}
protocols = imap lmtp
hostname = ${host.imap.hostname}

ssl = yes
ssl_cert = <${layout.serverCert}
ssl_key = <${layout.serverKey}
ssl_min_protocol = TLSv1.2
# Loopback lab: plain-text login is allowed too, for clients told security: none.
disable_plaintext_auth = no
auth_mechanisms = plain login

default_internal_user = ${users.internal}
default_internal_group = ${users.internalGroup}
default_login_user = ${users.login}
first_valid_uid = 1
first_valid_gid = 0

mail_location = maildir:${p.mail}/%d/%n
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
lmtp_hdr_delivery_address = none
lda_mailbox_autocreate = yes
# A lab mail host stands for a provider's server, whose disk is not the one landed writes its journal to:
# no fsync per delivery, or a burst of deliveries would hold up landed's own fdatasync on this shared disk.
mail_fsync = never

passdb {
  driver = passwd-file
  args = scheme=SSHA512 username_format=%u ${p.passwd}
}
userdb {
  driver = static
  args = uid=${users.mailUid} gid=${users.mailGid} home=${p.mail}/%d/%n
}

namespace inbox {
  inbox = yes
  separator = /
${mailboxes.join('\n')}
}

service imap-login {
  chroot =
  inet_listener imap {
    address = ${host.imap.address}
    port = ${host.imap.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = ${host.imap.address}
    port = ${host.lmtpPort}
  }
}
service anvil {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 100${flagsNothing ? `
  imap_capability = ${OLDER_SERVER_CAPABILITIES}` : ''}
}
`;
}
