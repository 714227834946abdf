/**
 * How much of a received message analysis is willing to read and keep. Received mail is hostile: every
 * string kept from it is capped, and so is every list, and each cap that bites is reported as a problem.
 */
export const LIMITS = {
  /** Header block read for analysis; a larger one is cut here (and not re-verified). */
  headerBytes: 1024 * 1024,
  /** Header fields read, top first. */
  fields: 2000,
  /** Bytes of one (unfolded) field value that parsers look at. */
  fieldValueBytes: 64 * 1024,
  /** Received hops kept, the newest ones. */
  hops: 100,
  /** Authentication-Results (and ARC-/renamed) headers parsed. */
  authResultsHeaders: 50,
  /** Method results kept per Authentication-Results header. */
  methodResults: 50,
  /** Message size above which mailauth is not run. */
  verifyBytes: 50 * 1024 * 1024,
  /** Length of a kept line (RFC 5322's line limit). */
  line: 998,
  /** Length of a kept short value (a property, a host name, a spam hint). */
  short: 200,
} as const;

import { stripControls } from '../printable.ts';

/** Cuts a string taken from a message to `max` characters, marking the cut. */
export function cap(value: string, max: number = LIMITS.line): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Cuts and makes printable: control characters (other than tab) become U+FFFD. */
export function capPrintable(value: string, max: number = LIMITS.line): string {
  // eslint-disable-next-line no-control-regex
  return cap(stripControls(value).replace(/\n/g, '\uFFFD'), max);
}
