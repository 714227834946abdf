/** Messages between the analysis pool (pool.ts) and its workers (worker.ts). */
import type { AnalysisContext } from './analysis-context.ts';
import type { MessageAnalysis } from './types.ts';

export type ToWorker =
  | { type: 'analyse'; id: number; raw: Uint8Array; context: Omit<AnalysisContext, 'resolver'> }
  | { type: 'dns'; dnsId: number; answer?: unknown; error?: { message: string; code?: string } };

export type FromWorker =
  | { type: 'done'; id: number; analysis: MessageAnalysis }
  | { type: 'failed'; id: number; error: string }
  | { type: 'dns'; dnsId: number; name: string; rrtype: string };
