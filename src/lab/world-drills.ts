/**
 * The lab's drill world (issue 16): the company's own inbound MX with an employee's mailbox, the outsider
 * who forges the company's domain straight to that MX, and the ERP-like application that sends through its
 * own queue. Kept apart from world.ts so the other lab services grow without touching each other.
 */

/** The ERP-like application: an HTTP endpoint with its own queue and a worker sending through an MTA. */
export interface LabApp {
  id: 'erp';
  hostname: string;
  address: string;
  /** Odoo's port, for recognition. */
  port: number;
  /** The lab MTA its worker hands mail to (the `erp` route's). */
  mta: 'erp';
  /** MAIL FROM the worker uses, as the route `erp` does. */
  envelopeFrom: string;
  /** Default From when a request gives none. */
  from: string;
}

export interface LabDrills {
  /** An employee's mailbox at the company's own inbound MX (the mail host serves acme.test). */
  ownSeed: { id: string; address: string };
  /** Where a forger connects from: an address nobody's SPF lists, with no PTR. */
  outsider: { address: string; helo: string };
  /** The company's domain, and a look-alike one letter off (no DNS: an attacker's throwaway). */
  ownDomain: string;
  lookalikeDomain: string;
  app: LabApp;
}

export function labDrills(prefix: string): LabDrills {
  return {
    ownSeed: { id: 'own-1', address: 'staff@acme.test' },
    outsider: { address: `${prefix}.97`, helo: 'mail.outsider.example' },
    ownDomain: 'acme.test',
    lookalikeDomain: 'acrne.test',
    app: {
      id: 'erp', hostname: 'erp.acme.test', address: `${prefix}.96`, port: 8069, mta: 'erp',
      envelopeFrom: 'erp@erp-vendor.test', from: 'Acme Orders <orders@acme.test>',
    },
  };
}
