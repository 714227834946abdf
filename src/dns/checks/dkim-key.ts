/** Reads the public key of a DKIM key record (RFC 6376 section 3.6.1): algorithm and size. */
import { createPublicKey } from 'node:crypto';

export interface DkimKeyInfo {
  algorithm: string;
  bits?: number;
  /** Why the key cannot be used, when it cannot. */
  problem?: string;
}

export function readDkimKey(keyType: string, base64: string): DkimKeyInfo {
  const der = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(base64) || !der.length) return { algorithm: keyType, problem: 'p= is not base64' };
  if (keyType === 'ed25519') {
    return der.length === 32 ? { algorithm: 'ed25519', bits: 256 } : { algorithm: 'ed25519', problem: `an ed25519 key is 32 bytes, this one is ${der.length}` };
  }
  if (keyType !== 'rsa') return { algorithm: keyType, problem: `k=${keyType} is not an algorithm verifiers know (rsa, ed25519)` };
  // RFC 6376 publishes SubjectPublicKeyInfo; some generators publish a bare PKCS#1 RSAPublicKey, which many verifiers accept.
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType !== 'rsa') return { algorithm: key.asymmetricKeyType ?? 'unknown', problem: 'k=rsa but the key is not an RSA key' };
      return { algorithm: 'rsa', bits: key.asymmetricKeyDetails?.modulusLength };
    } catch {
      // try the next encoding
    }
  }
  return { algorithm: 'rsa', problem: 'p= does not hold an RSA public key' };
}
