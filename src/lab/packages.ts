import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { LandedError } from '../errors.ts';

/** The system programs the lab runs, and the Debian/Ubuntu package that brings each. */
const REQUIRED = [
  { program: 'dovecot', package: 'dovecot-imapd' },
  { program: '/usr/lib/dovecot/imap', package: 'dovecot-imapd' },
  { program: '/usr/lib/dovecot/lmtp', package: 'dovecot-lmtpd' },
  { program: 'nsd', package: 'nsd' },
  { program: 'openssl', package: 'openssl' },
] as const;

export const LAB_PACKAGES = ['dovecot-imapd', 'dovecot-lmtpd', 'nsd', 'openssl'];

export interface LabPrograms {
  dovecot: string;
  nsd: string;
}

/**
 * Finds the programs the lab needs. With `install` and root on Debian/Ubuntu, apt-get installs what is
 * missing; otherwise a missing one is a LAB_MISSING_PACKAGE error naming the package.
 */
export async function findLabPrograms(options: { install?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<LabPrograms> {
  const env = options.env ?? process.env;
  let missing = await missingPackages(env);
  if (missing.length && options.install) {
    await aptInstall(missing);
    missing = await missingPackages(env);
  }
  if (missing.length) {
    throw new LandedError('LAB_MISSING_PACKAGE', `the lab needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed`, {
      where: 'landed lab',
      hint: `apt-get install -y ${missing.join(' ')}   (or run 'landed lab up --install' as root)`,
    });
  }
  return { dovecot: (await findProgram('dovecot', env))!, nsd: (await findProgram('nsd', env))! };
}

async function missingPackages(env: NodeJS.ProcessEnv): Promise<string[]> {
  const missing = new Set<string>();
  for (const { program, package: pkg } of REQUIRED) {
    if (!(await findProgram(program, env))) missing.add(pkg);
  }
  return [...missing];
}

/** Looks a program up on PATH and in the sbin folders, which a non-root PATH often lacks. */
export async function findProgram(program: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates = program.startsWith('/')
    ? [program]
    : [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin'].map((d) => join(d, program));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next folder
    }
  }
  return undefined;
}

/**
 * One program a command needs (rspamd for `landed score`): found, or installed with apt-get when running as
 * root on Debian/Ubuntu, or a LAB_MISSING_PACKAGE error naming the package to install.
 */
export async function requireProgram(program: string, pkg: string, where: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const found = await findProgram(program, env);
  if (found) return found;
  if (process.getuid?.() === 0 && (await findProgram('apt-get'))) {
    await aptInstall([pkg], where);
    const installed = await findProgram(program, env);
    if (installed) return installed;
  }
  throw new LandedError('LAB_MISSING_PACKAGE', `${program} is not installed`, { where, hint: `apt-get install -y ${pkg}   (landed installs it itself when run as root on Debian/Ubuntu)` });
}

async function aptInstall(packages: string[], where = 'landed lab up --install'): Promise<void> {
  if (process.getuid?.() !== 0 || !(await findProgram('apt-get'))) {
    throw new LandedError('LAB_MISSING_PACKAGE', `cannot install ${packages.join(', ')}: --install needs root on Debian or Ubuntu`, {
      where,
      hint: `sudo apt-get install -y ${packages.join(' ')}`,
    });
  }
  const apt = (args: string[]) => promisify(execFile)('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 });
  try {
    // A fresh machine may have no package lists yet.
    await apt(['update', '-qq']);
    await apt(['install', '-y', '--no-install-recommends', ...packages]);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new LandedError('LAB_MISSING_PACKAGE', `apt-get install ${packages.join(' ')} failed: ${stderr}`, {
      where,
      hint: 'run apt-get update first, or install the packages by hand',
      cause: error,
    });
  }
}
