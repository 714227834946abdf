/** The DMARC part of the trend report (built by src/dmarc/trend.ts from the reports in the history). */
export interface DmarcTrendData {
  /** Day starts (ms), ascending: receivers report per day. */
  times: number[];
  /** Per declared route, messages and DMARC-passing messages per day, as the receivers reported them. */
  routes: Array<{ route: string; messages: number[]; pass: number[] }>;
  /** Sources no route accounts for: messages, passing messages and distinct IPs per day. */
  unknown: { messages: number[]; pass: number[]; sources: number[] };
}
