import { Writable } from 'node:stream';
import type { ReporterOptions } from '../../src/reporters/options.ts';

/** A writable stream that keeps what was written, for asserting on reporter output. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export function captureOptions(runDir: string, extra: Partial<ReporterOptions> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const options: ReporterOptions = { runDir, stdout, stderr, env: {}, isTTY: false, ...extra };
  return { options, stdout, stderr };
}
