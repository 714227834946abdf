/**
 * What the human-readable part of a non-standard bounce says, for notifications whose delivery-status part is
 * missing or says little. Formats as Microsoft 365 / Exchange and Gmail write them; see the fixtures in
 * test/mailboxes/fixtures/bounces/ for full examples.
 */
export interface VendorDetails {
  diagnostic?: string;
  reportingMta?: string;
  remoteMta?: string;
}

/** Exchange / Microsoft 365 NDR: "Remote Server returned '550 5.7.1 ...'" and "Generating server: host". */
export function exchangeDetails(text: string): VendorDetails {
  const returned = /Remote Server returned '([^'\r\n]+)'/i.exec(text)?.[1];
  const generating = /Generating server:\s*([A-Za-z0-9.-]+)/i.exec(text)?.[1];
  return { diagnostic: returned ? stripAngles(returned) : undefined, reportingMta: generating };
}

/**
 * Gmail: "The response was:" / "The response from the remote server was:" / (older) "The error that the other
 * server returned was:", followed by the remote reply; "...for the recipient domain example.org by
 * mx.example.org. [192.0.2.1]" names the remote server.
 */
export function gmailDetails(text: string): VendorDetails {
  const response = /(?:The response(?: from the remote server)? was|The error that the other server returned was):?\s*\n\s*\n?\s*([^\n]+)/i.exec(text)?.[1];
  const remote = /for the recipient domain \S+ by ([A-Za-z0-9.-]+?)\.?\s*\[/i.exec(text)?.[1];
  return { diagnostic: response?.trim(), remoteMta: remote };
}

/** Any line that reads like an SMTP rejection: "550 5.7.1 ..." or "550-5.7.1 ...". */
export function smtpReplyLine(text: string): string | undefined {
  return /^.*\b[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}\b.*$/m.exec(text)?.[0].trim();
}

/** Exchange wraps the reply as "<host #5.1.1 smtp;550 5.1.1 ...>". */
function stripAngles(value: string): string {
  return value.replace(/^<[^#]*#[\d.]+\s+smtp;\s*/i, '').replace(/>$/, '').trim();
}
