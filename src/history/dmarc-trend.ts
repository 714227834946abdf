/** The DMARC part of the trend report (built by src/dmarc/trend.ts from the reports in the history). */
export interface DmarcTrendData {
  /** Day starts (ms), ascending: receivers report per day. */
  times: number[];
  /** Per declared route, messages and DMARC-passing messages per day, as the receivers reported them. */
  routes: Array<{ route: string; messages: number[]; pass: number[] }>;
  /** Sources no route accounts for: messages, passing messages and distinct IPs per day. */
  unknown: { messages: number[]; pass: number[]; sources: number[]; top: UnknownSender[] };
}

/** One of the biggest unknown senders of the period; the texts are what the reports said (hostile). */
export interface UnknownSender {
  ip: string;
  messages: number;
  pass: number;
  /** Days (ms) with reported mail from it: first and last. */
  first: number;
  last: number;
  /** From domains it used, and the orgs that reported it (at most 20 each). */
  domains: string[];
  orgs: string[];
}
