/**
 * Finding 2 (unbounded reads) and the signal half of finding 9: a device, a symlink to it, or a pipe that never
 * ends is refused or read with a cap, and SIGTERM ends every command promptly with exit code 3. Each case runs
 * the real CLI in a child process, as a user would; a hang fails by the test's timeout.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { landed, tempDir } from '../e2e/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('landed-capped-');
  await symlink('/dev/zero', join(dir, 'acme.test.zone'));
});

describe('files that never end are refused before they are read', () => {
  it('inspect /dev/zero: exit 2 naming the file', async () => {
    const run = await landed(['inspect', '/dev/zero'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/dev/zero: is not a regular file');
  });

  it('dns plan --zone acme.test=/dev/zero, and a symlink to it: exit 2 naming the file', async () => {
    for (const zone of ['acme.test=/dev/zero', 'acme.test.zone']) {
      const run = await landed(['dns', 'plan', '--zone', zone, '--dns', '127.0.0.1:9'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/(\/dev\/zero|acme\.test\.zone): is not a regular file/);
    }
  });

  it('a scenario or config that is a device is refused too', async () => {
    const run = await landed(['run', '--config', '/dev/zero'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a regular file');
  });
});

describe('SIGTERM ends a command promptly with exit code 3', () => {
  it('inspect - reading a standard input that never ends', async () => {
    const run = landed(['inspect', '-'], { cwd: dir });
    const stdin = run.child.stdin!;
    stdin.on('error', () => {});
    // A write that drains proves the child is consuming its input, so its signal handlers are installed.
    const chunk = Buffer.alloc(256 * 1024, 'a');
    while (stdin.write(chunk)) { /* fill the pipe */ }
    await once(stdin, 'drain');
    run.child.kill('SIGTERM');
    const result = await run;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('stopped by SIGTERM');
  });

  it('dns plan while its DNS server never answers', async () => {
    const tarpit = createSocket('udp4');
    await new Promise<void>((ready) => tarpit.bind(0, '127.0.0.1', ready));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'proposed.zone'), '$ORIGIN acme.test.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n@ TXT "v=spf1 -all"\n');
    const run = landed(['dns', 'plan', '--zone', 'acme.test=proposed.zone', '--dns', `127.0.0.1:${tarpit.address().port}`], { cwd: dir });
    await once(tarpit, 'message');
    run.child.kill('SIGTERM');
    const result = await run;
    tarpit.close();
    expect(result.code).toBe(3);
  });
});
