/**
 * readCappedSync (CA certificates, read once per route and mailbox): the cap limits what is read, and it is
 * not what is allocated. A config with a hundred seeds reads a hundred CA files at start; a buffer of the cap's
 * size for each (1 MiB, zero-filled) cost a 2,000-probe run tens of MB of RSS before its first message.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCappedSync } from '../src/capped-read.ts';

const MIB = 1024 * 1024;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'landed-capped-sync-'));
});

describe('readCappedSync', () => {
  it('reads a small file under a large cap without allocating the cap', async () => {
    const file = join(dir, 'ca.pem');
    await writeFile(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const before = process.memoryUsage().arrayBuffers;
    const bytes = readCappedSync(file, { maxBytes: 256 * MIB });
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(bytes.toString()).toContain('BEGIN CERTIFICATE');
    expect(grown).toBeLessThan(MIB);
  });

  it('takes a file of exactly the cap, across several reads, and refuses one byte more', async () => {
    const file = join(dir, 'big.pem');
    await writeFile(file, Buffer.alloc(200 * 1024, 'a'));
    expect(readCappedSync(file, { maxBytes: 200 * 1024 }).length).toBe(200 * 1024);
    expect(() => readCappedSync(file, { maxBytes: 200 * 1024 - 1 })).toThrow(/larger than/);
  });

  it('refuses a device before reading it', () => {
    expect(() => readCappedSync('/dev/zero', { maxBytes: MIB })).toThrow(/not a regular file/);
  });
});
