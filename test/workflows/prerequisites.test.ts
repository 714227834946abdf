/**
 * `npm test`'s pretest step on a fresh machine: as root it installs the missing Debian packages, otherwise it
 * stops at once naming them. dpkg, id and apt-get are stand-ins on the PATH, so nothing is installed here.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../.ci/prerequisites');
const fake = mkdtempSync(join(tmpdir(), 'landed-pretest-'));
afterAll(() => rmSync(fake, { recursive: true, force: true }));

function prerequisites(uid: number, missing: string[]) {
  const tool = (name: string, body: string) => {
    writeFileSync(join(fake, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(fake, name), 0o755);
  };
  tool('dpkg', `case " ${missing.join(' ')} " in *" $2 "*) exit 1;; esac; exit 0`);
  tool('id', `echo ${uid}`);
  tool('apt-get', `echo "$@" >> ${join(fake, 'apt.log')}`);
  rmSync(join(fake, 'apt.log'), { force: true });
  const r = spawnSync('bash', [SCRIPT], { env: { ...process.env, PATH: `${fake}:${process.env.PATH}` }, encoding: 'utf8' });
  const apt = (() => { try { return readFileSync(join(fake, 'apt.log'), 'utf8'); } catch { return ''; } })();
  return { code: r.status, stderr: r.stderr, apt };
}

describe('.ci/prerequisites (pretest)', () => {
  it('does nothing when every package is there', () => {
    expect(prerequisites(1000, [])).toEqual({ code: 0, stderr: '', apt: '' });
  });

  it('not root: stops at once, naming the missing packages and the command that installs them', () => {
    const r = prerequisites(1000, ['nsd', 'chromium']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('npm test needs these Debian packages, missing here: nsd chromium');
    expect(r.stderr).toContain('sudo apt-get install -y nsd chromium');
    expect(r.apt).toBe('');
  });

  it('root: installs exactly the missing ones with apt-get', () => {
    const r = prerequisites(0, ['libxml2-utils']);
    expect(r.code).toBe(0);
    expect(r.apt).toBe('update -qq\ninstall -y -qq --no-install-recommends libxml2-utils\n');
  });
});
