/** Errors shaped like node:dns's, which mailauth and our checks tell apart by `code`. */
export type DnsErrorCode = 'ENOTFOUND' | 'ENODATA' | 'ESERVFAIL' | 'ETIMEOUT' | 'EREFUSED' | 'ENOTIMP';

export function dnsError(code: DnsErrorCode, name: string, rrtype: string): Error & { code: string; hostname: string } {
  const syscall = `query${rrtype.charAt(0)}${rrtype.slice(1).toLowerCase()}`;
  return Object.assign(new Error(`${syscall} ${code} ${name}`), { code, hostname: name, syscall });
}

/** True when the error means "no such record" (NXDOMAIN or NODATA) rather than a failure to ask. */
export function isNoRecord(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}
