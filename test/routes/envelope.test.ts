/** MAIL FROM follows the message: scenario envelopeFrom > route envelopeFrom > the From the message carries. */
import { describe, expect, it } from 'vitest';
import type { ResolvedRoute } from '../../src/config/types.ts';
import { envelopeFor } from '../../src/routes/envelope.ts';
import type { Scenario } from '../../src/scenarios/types.ts';

const route = (envelopeFrom?: string) => ({ id: 'relay', from: 'Acme Sales <sales@acme.test>', ...(envelopeFrom ? { envelopeFrom } : {}) }) as ResolvedRoute;
const scenario = (message: Partial<Scenario['message']>) => ({ name: 's', message: { subject: 'x', ...message } }) as Scenario;

describe('the envelope sender', () => {
  it('is the route\'s From address when nothing else is said', () => {
    expect(envelopeFor(route(), scenario({}), 'seed@x.test')).toEqual({ mailFrom: 'sales@acme.test', rcptTo: ['seed@x.test'] });
    expect(envelopeFor(route(), undefined, 'seed@x.test').mailFrom).toBe('sales@acme.test');
  });

  it('follows the scenario\'s From into its domain', () => {
    expect(envelopeFor(route(), scenario({ from: 'Legacy News <sender@legacy.test>' }), 's@x.test').mailFrom).toBe('sender@legacy.test');
  });

  it('is the route\'s envelopeFrom over any From, and the scenario\'s envelopeFrom over everything', () => {
    expect(envelopeFor(route('bounce@esp.test'), scenario({ from: 'News <n@legacy.test>' }), 's@x.test').mailFrom).toBe('bounce@esp.test');
    expect(envelopeFor(route('bounce@esp.test'), scenario({ from: 'News <n@legacy.test>', envelopeFrom: 'b@legacy.test' }), 's@x.test').mailFrom).toBe('b@legacy.test');
    expect(envelopeFor(route(), scenario({ envelopeFrom: 'b@other.test' }), 's@x.test').mailFrom).toBe('b@other.test');
  });
});
