/**
 * Reading files that come from the user or from data: type and size are checked before anything is read,
 * and the read itself stops at the cap (a file may grow, /proc files lie about their size), so a device like
 * /dev/zero, a symlink to it or a huge file never fills memory. Reads are chunked and stop when `signal`
 * aborts, so a command stays responsive to SIGINT/SIGTERM.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { LandedError, type ErrorCode } from './errors.ts';

export interface CappedReadOptions {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** How the file is named in messages. */
  shownAs?: string;
  /** Error code for a file that is missing, unreadable, not a file or too large. */
  code?: ErrorCode;
  /** Pipes (`<(...)`, /dev/stdin) are accepted too, read up to the cap. */
  allowFifo?: boolean;
  signal?: AbortSignal;
}

const CHUNK = 64 * 1024;

export async function readCapped(path: string, options: CappedReadOptions): Promise<Buffer> {
  const { maxBytes, code = 'USAGE', signal } = options;
  const where = options.shownAs ?? path;
  const fail = (message: string, cause?: unknown, hint?: string) => new LandedError(code, message, { where, cause, hint });
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    throw fail(errno === 'ENOENT' ? 'file not found' : `cannot read the file (${errno ?? 'error'})`, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw fail('is a directory, not a file');
    if (!info.isFile() && !(options.allowFifo && info.isFIFO())) throw fail('is not a regular file (a device or socket is never read)');
    if (info.size > maxBytes) throw fail(`file is larger than ${formatBytes(maxBytes)}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const buffer = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw fail(`file is larger than ${formatBytes(maxBytes)}`);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Reads a stream (standard input) up to the cap; on abort the stream is destroyed so the process can end. */
export async function readStreamCapped(stream: NodeJS.ReadableStream, options: CappedReadOptions): Promise<Buffer> {
  const { maxBytes, code = 'USAGE', signal } = options;
  const where = options.shownAs ?? 'stdin';
  const chunks: Buffer[] = [];
  let total = 0;
  const stop = () => (stream as { destroy?: () => void }).destroy?.();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += bytes.length;
      if (total > maxBytes) {
        stop();
        throw new LandedError(code, `input is larger than ${formatBytes(maxBytes)}`, { where });
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  if (signal?.aborted) throw signal.reason;
  return Buffer.concat(chunks, total);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** The same checks for the few small files read synchronously (a CA certificate): throws a LandedError. */
export function readCappedSync(path: string, options: Omit<CappedReadOptions, 'signal'>): Buffer {
  const { maxBytes, code = 'USAGE' } = options;
  const where = options.shownAs ?? path;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    throw new LandedError(code, errno === 'ENOENT' ? 'file not found' : `cannot read the file (${errno ?? 'error'})`, { where, cause: error });
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new LandedError(code, 'is not a regular file (a device or socket is never read)', { where });
    // Chunk by chunk, as readCapped: a buffer of the cap's size for each of a hundred CA files was tens of MB.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const bytesRead = readSync(fd, chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new LandedError(code, `file is larger than ${formatBytes(maxBytes)}`, { where });
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
