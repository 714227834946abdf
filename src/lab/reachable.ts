import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LandedError } from '../errors.ts';

/**
 * Run as root, Dovecot's unprivileged parts (auth, lmtp) open files inside the lab dir as their own users: every
 * folder above it must let others pass (o+x). A lab under /root or a mkdtemp folder (both 0700) would start,
 * then refuse every login with "Temporary authentication failure"; say so before starting anything.
 */
export async function checkReachableByServers(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let above = dirname(dir); ; above = dirname(above)) {
    const { mode } = await stat(above);
    if ((mode & 0o001) === 0) {
      throw new LandedError('USAGE', `the lab's servers could not reach their files: ${above} lets no other user through (mode ${(mode & 0o777).toString(8)})`, {
        where: dir,
        hint: `put the lab elsewhere (landed lab up --dir /tmp/landed-lab) or allow passing through: chmod o+x ${above}`,
      });
    }
    if (dirname(above) === above) return;
  }
}
