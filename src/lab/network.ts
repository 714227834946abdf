import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';
import { LandedError } from '../errors.ts';
import { labEndpoints, labWorld } from './world.ts';

/**
 * Picks a free /24 on loopback (127.A.B.0/24, any of which Linux answers on): random, so two labs (two
 * test files, two developers) do not meet, and checked by binding every endpoint the lab will use.
 * 127.0.x.x is left to everything else on the machine.
 */
export async function pickLabPrefix(preferred?: string): Promise<string> {
  if (preferred && (await prefixIsFree(preferred))) return preferred;
  for (let attempt = 0; attempt < 20; attempt++) {
    const prefix = `127.${randomInt(16, 255)}.${randomInt(1, 255)}`;
    if (await prefixIsFree(prefix)) return prefix;
  }
  throw new LandedError('LAB_FAILED', 'found no free 127.A.B.0/24 for the lab after 20 tries', {
    where: 'landed lab',
    hint: 'is loopback limited to 127.0.0.1 here (macOS)? On macOS add aliases: sudo ifconfig lo0 alias 127.A.B.C',
  });
}

export async function prefixIsFree(prefix: string): Promise<boolean> {
  for (const endpoint of labEndpoints(labWorld(prefix))) {
    if (!(await canBind(endpoint.address, endpoint.port, endpoint.udp ?? false))) return false;
  }
  return true;
}

function canBind(address: string, port: number, udp: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    if (udp) {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, address, () => socket.close(() => resolve(true)));
      return;
    }
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
