import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** rspamd's version ("3.4"), from `rspamd --version`; undefined when it cannot be asked. */
export async function rspamdVersion(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(binary, ['--version'], { timeout: 10_000, maxBuffer: 64 * 1024 });
    return /version\s+([\d.]+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}
