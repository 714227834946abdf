/** The lab's key material, fresh per lab: seed passwords (and their SSHA512 for Dovecot), DKIM keys, TLS certificates. */
import { createHash, generateKeyPair, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LandedError } from '../errors.ts';
import type { LabLayout } from './files/layout.ts';
import { DKIM_KEY_NAMES, type DkimKeyName } from './world.ts';

const generateKeyPairAsync = promisify(generateKeyPair);
const execFileAsync = promisify(execFile);

/** A fresh random password per lab: nothing guessable even on a shared machine. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Dovecot's {SSHA512} scheme: base64(sha512(password + salt) + salt). */
export function ssha512(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha512').update(password).update(salt).digest();
  return `{SSHA512}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/**
 * Generates every DKIM key of the lab world (RSA 2048, what receivers expect) into DIR/dkim, and returns
 * the public halves as the base64 SPKI that `p=` publishes.
 */
export async function generateDkimKeys(layout: LabLayout): Promise<Record<DkimKeyName, string>> {
  const pairs = await Promise.all(
    DKIM_KEY_NAMES.map(async (name) => {
      const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      await writeFile(dkimKeyFile(layout, name), privateKey, { mode: 0o600 });
      return [name, publicKey.toString('base64')] as const;
    }),
  );
  return Object.fromEntries(pairs) as Record<DkimKeyName, string>;
}

export function dkimKeyFile(layout: LabLayout, name: DkimKeyName): string {
  return join(layout.dkimDir, `${name}.key`);
}

/**
 * A lab CA and one server certificate naming every lab host and address, made with openssl. Clients trust
 * DIR/ca.pem (landed.yaml points `tls.ca` at it); nothing is added to the system trust store.
 */
export async function generateCertificates(layout: LabLayout, labId: string, names: string[], addresses: string[]): Promise<void> {
  const caKey = join(layout.tlsDir, 'ca.key');
  const csr = join(layout.tlsDir, 'server.csr');
  const extFile = join(layout.tlsDir, 'server.ext');
  const san = [...names.map((n) => `DNS:${n}`), ...addresses.map((a) => `IP:${a}`)].join(',');
  await writeFile(extFile, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n`);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(['req', '-x509', ...ec, '-keyout', caKey, '-out', layout.caFile, '-days', '365', '-subj', `/O=landed lab/CN=landed lab CA ${labId}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(['req', ...ec, '-keyout', layout.serverKey, '-out', csr, '-subj', `/O=landed lab/CN=${names[0]}`]);
  await openssl(['x509', '-req', '-in', csr, '-CA', layout.caFile, '-CAkey', caKey, '-set_serial', `0x${randomBytes(12).toString('hex')}`,
    '-days', '365', '-extfile', extFile, '-out', layout.serverCert]);
}

async function openssl(args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args, { timeout: 10_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new LandedError('LAB_FAILED', `openssl ${args[0]} failed: ${stderr || (error as Error).message}`, {
      where: 'lab certificates',
      hint: 'apt-get install -y openssl',
      cause: error,
    });
  }
}
