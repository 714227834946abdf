import { LandedError } from '../errors.ts';

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

/**
 * `--since`: a duration back from now (90d, 12h, 2w, 1y) or a date (2026-09-01, or a full ISO time).
 * Returns ms since the epoch.
 */
export function parseSince(value: string, now: number, flag = '--since'): number {
  const duration = /^(\d+)\s*([hdwy])$/i.exec(value.trim());
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()];
  const date = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value.trim()) ? Date.parse(value) : NaN;
  if (Number.isFinite(date)) return date;
  throw new LandedError('USAGE', `${flag} ${value}: expected a duration like 90d, 12h, 2w, 1y or a date like 2026-09-01`);
}
