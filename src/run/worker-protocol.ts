/** Messages between the analysis pool (pool.ts) and its workers (worker.ts). */
import type { AnalysisContext } from '../analysis/analysis-context.ts';

export type ToWorker =
  | { type: 'analyse'; id: number; raw: Uint8Array; context: Omit<AnalysisContext, 'resolver'> }
  /** A delivery status notification to read (mailboxes/bounces/parse.ts). */
  | { type: 'bounce'; id: number; raw: Uint8Array }
  | { type: 'dns'; dnsId: number; answer?: unknown; error?: { message: string; code?: string } };

export type FromWorker =
  /**
   * The analysis, or the notification read (`null`: not a failure report), as JSON text (both are JSON-safe):
   * a string crosses threads for a fraction of an object's cost.
   */
  | { type: 'done'; id: number; json: string }
  | { type: 'failed'; id: number; error: string }
  | { type: 'dns'; dnsId: number; name: string; rrtype: string };
