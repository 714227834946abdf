import type { ProbeStage } from '../types.ts';

/** Counts for the live line: where each planned probe is now. */
export class ProgressCounts {
  private readonly stageOf = new Map<string, ProbeStage>();
  total = 0;

  record(probeId: string, stage: ProbeStage): void {
    this.stageOf.set(probeId, stage);
  }

  line(): string {
    const count = (stage: ProbeStage) => [...this.stageOf.values()].filter((s) => s === stage).length;
    const settled = this.stageOf.size - count('sent');
    const parts = [
      `${this.stageOf.size}/${this.total} sent`,
      `${count('found')} found`,
      ...(['bounced', 'rejected', 'missing', 'error', 'interrupted'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`),
      `${count('sent')} outstanding`,
    ];
    return `${parts.join(' · ')}${settled === this.total && this.total > 0 ? ' · done' : ''}`;
  }
}

/**
 * Prints the progress line: on a terminal it rewrites one line in place; elsewhere (CI logs) it prints a
 * new line only when something changed and at most every `intervalMs`, so a long wait is not a wall of text.
 */
export class ProgressPrinter {
  private lastPrinted = -Infinity;
  private lastLine = '';
  private showing = false;
  private readonly out: NodeJS.WritableStream;
  private readonly isTTY: boolean;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(out: NodeJS.WritableStream, isTTY: boolean, now: () => number, intervalMs = 5000) {
    this.out = out;
    this.isTTY = isTTY;
    this.now = now;
    this.intervalMs = intervalMs;
  }

  update(line: string, force = false): void {
    if (line === this.lastLine && !force) return;
    if (this.isTTY) {
      this.out.write(`\r\u001b[K${line}`);
      this.showing = true;
    } else {
      if (!force && this.now() - this.lastPrinted < this.intervalMs) return;
      this.out.write(`${line}\n`);
      this.lastPrinted = this.now();
    }
    this.lastLine = line;
  }

  /** A message line that must not be overwritten by the next progress update. */
  message(text: string): void {
    if (this.isTTY && this.showing) {
      this.out.write(`\r\u001b[K${text}\n${this.lastLine}`);
    } else {
      this.out.write(`${text}\n`);
    }
  }

  /** Leaves the terminal on a fresh line before the final report. */
  finish(finalLine: string): void {
    if (this.isTTY) {
      if (this.showing) this.out.write(`\r\u001b[K`);
      this.showing = false;
    } else if (finalLine !== this.lastLine) {
      this.out.write(`${finalLine}\n`);
    }
    this.lastLine = finalLine;
  }
}
