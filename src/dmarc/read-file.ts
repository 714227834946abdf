import { open } from 'node:fs/promises';
import { mib, ReportProblem } from './problem.ts';

/**
 * A report file's bytes, at most `max` of them: a FIFO, /dev/zero or a file that grows while it is read
 * stops at the cap instead of filling memory.
 */
export async function readCapped(file: string, max: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new ReportProblem(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new ReportProblem('is a directory');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, max + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) throw new ReportProblem(`larger than the ${mib(max)} read from one report`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
