/**
 * A proposed zone as data: what a BIND master file or an OctoDNS YAML file says, in one shape.
 * Names are absolute, lower-cased, without the trailing dot ("_dmarc.acme.test").
 */

/** Record data in the shape node:dns (and so mailauth) returns it for that type. */
export type RecordData =
  | { type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS'; value: string }
  /** One TXT record: its character-strings, each at most 255 bytes. */
  | { type: 'TXT'; strings: string[] }
  | { type: 'MX'; priority: number; exchange: string }
  | {
      type: 'SOA';
      nsname: string;
      hostmaster: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minttl: number;
    }
  | { type: 'CAA'; critical: number; tag: string; value: string }
  /** A type we recognise but do not model (SRV, TLSA, DS...): it makes its name exist, nothing more. */
  | { type: 'OTHER'; rrtype: string; text: string };

export type ZoneRecord = RecordData & {
  name: string;
  ttl: number;
  /** "file:line" the record came from, for messages about it. */
  where: string;
};

export type ZoneFormat = 'bind' | 'octodns';

export interface Zone {
  /** The apex: every name at or below it is answered only from `records`. */
  origin: string;
  file: string;
  format: ZoneFormat;
  records: ZoneRecord[];
}

/** The query type a record answers (OTHER records answer their own rrtype). */
export function rrtypeOf(record: RecordData): string {
  return record.type === 'OTHER' ? record.rrtype : record.type;
}
