/** One recipient block of a message/delivery-status body (RFC 3464 section 2.3). */
export interface DsnRecipient {
  finalRecipient?: string;
  /** failed | delayed | delivered | relayed | expanded */
  action?: string;
  status?: string;
  remoteMta?: string;
  diagnostic?: string;
}

export interface DeliveryStatus {
  reportingMta?: string;
  recipients: DsnRecipient[];
}

const RECIPIENT_FIELDS: Record<string, keyof DsnRecipient> = {
  'final-recipient': 'finalRecipient',
  action: 'action',
  status: 'status',
  'remote-mta': 'remoteMta',
  'diagnostic-code': 'diagnostic',
};

/**
 * Reads the RFC 3464 fields out of a text that contains a delivery-status body (possibly with other text
 * around it, as mail parsers merge the text parts of a report). A new recipient starts at each
 * Final-Recipient; typed values lose their type prefix ("dns; mx.example" -> "mx.example").
 */
export function parseDeliveryStatus(text: string): DeliveryStatus {
  const result: DeliveryStatus = { recipients: [] };
  let current: DsnRecipient | undefined;
  for (const [name, value] of fieldLines(text)) {
    if (name === 'reporting-mta') {
      result.reportingMta ??= hostOf(value);
      continue;
    }
    const key = RECIPIENT_FIELDS[name];
    if (!key) continue;
    if (!current || name === 'final-recipient' || current[key] !== undefined) {
      current = {};
      result.recipients.push(current);
    }
    current[key] = key === 'action' ? value.toLowerCase() : key === 'status' ? value.split(/\s/)[0] : key === 'remoteMta' ? hostOf(value) : untype(value);
  }
  return result;
}

const FIELD = /^(reporting-mta|final-recipient|original-recipient|action|status|remote-mta|diagnostic-code|last-attempt-date|x-[\w-]+):[ \t]*(.*)$/i;

/** DSN field lines with their continuation lines unfolded; other lines are skipped. */
function* fieldLines(text: string): Generator<[string, string]> {
  let pending: [string, string] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (pending && /^[ \t]+\S/.test(line)) {
      pending[1] += ` ${line.trim()}`;
      continue;
    }
    if (pending) yield pending;
    const match = FIELD.exec(line);
    pending = match ? [match[1]!.toLowerCase(), match[2]!.trim()] : undefined;
  }
  if (pending) yield pending;
}

/** "dns; mx.example.org. (192.0.2.30, the server for ...)" -> "mx.example.org". */
function hostOf(value: string): string {
  return untype(value).split(/[\s(]/)[0]!.replace(/\.$/, '');
}

/** "dns; mx.example.org" -> "mx.example.org", "smtp; 550 ..." -> "550 ...". */
function untype(value: string): string {
  return value.replace(/^[\w-]+\s*;\s*/, '').trim();
}
