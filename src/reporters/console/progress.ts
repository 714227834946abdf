import type { ProbeStage } from '../types.ts';

/**
 * Counts for the live line: where each planned probe is now. Kept per stage as probes move, so that a line
 * costs the same for ten probes as for ten thousand (it is drawn on every change of every probe).
 */
export class ProgressCounts {
  private readonly stageOf = new Map<string, ProbeStage>();
  private readonly inStage = new Map<ProbeStage, number>();
  total = 0;

  record(probeId: string, stage: ProbeStage): void {
    const before = this.stageOf.get(probeId);
    if (before) this.inStage.set(before, this.count(before) - 1);
    this.inStage.set(stage, this.count(stage) + 1);
    this.stageOf.set(probeId, stage);
  }

  line(): string {
    const outstanding = this.count('sent');
    const parts = [
      `${this.stageOf.size}/${this.total} sent`,
      `${this.count('found')} found`,
      ...(['bounced', 'rejected', 'missing', 'error', 'interrupted'] as const).filter((s) => this.count(s) > 0).map((s) => `${this.count(s)} ${s}`),
      `${outstanding} outstanding`,
    ];
    const done = this.total > 0 && this.stageOf.size - outstanding === this.total;
    return `${parts.join(' · ')}${done ? ' · done' : ''}`;
  }

  private count(stage: ProbeStage): number {
    return this.inStage.get(stage) ?? 0;
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
