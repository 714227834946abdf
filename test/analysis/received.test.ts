import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { parseReceived } from '../../src/analysis/hops/received.ts';
import { fixture, offline } from './support.ts';
import { providerContext } from '../../src/providers/index.ts';

describe('parseReceived', () => {
  it('reads Postfix with TLS in a comment', () => {
    const { hop, problems } = parseReceived('from relay.acme.example (relay.acme.example [192.0.2.10]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) by mx.example.org (Postfix) with ESMTPS id 4Y2x for <s@example.org>; Tue,  3 Dec 2024 18:14:08 +0100 (CET)');
    expect(hop).toEqual({ from: 'relay.acme.example', fromIp: '192.0.2.10', by: 'mx.example.org', with: 'ESMTPS', tls: true, date: '2024-12-03T17:14:08.000Z' });
    expect(problems).toEqual([]);
  });

  it('reads Microsoft\'s bare client IP and TLS version comment', () => {
    const { hop } = parseReceived('from BN0PR03CA0001.namprd03.prod.outlook.com (2603:10b6:408:e6::6) by DM6PR01MB1234.namprd01.prod.outlook.com (2603:10b6:5:1a0::10) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8207.18; Tue, 3 Dec 2024 17:14:08 +0000');
    expect(hop).toMatchObject({ fromIp: '2603:10b6:408:e6::6', by: 'DM6PR01MB1234.namprd01.prod.outlook.com', with: 'Microsoft', tls: true });
  });

  it('reads a plain hop, Gmail\'s internal one and Exim\'s', () => {
    expect(parseReceived('from internal.acme.example (198.51.100.11) by BN1.mail.protection.outlook.com (10.167.243.86) with Microsoft SMTP Server id 15.20.1 via Frontend Transport; Tue, 3 Dec 2024 17:14:07 +0000').hop.tls).toBe(false);
    expect(parseReceived('by 2002:a05:6a10:9e4a:b0:4a1:11:22 with SMTP id h10csp1234567pxc; Tue, 3 Dec 2024 09:14:07 -0800 (PST)').hop).toMatchObject({ by: '2002:a05:6a10:9e4a:b0:4a1:11:22', with: 'SMTP', tls: false, date: '2024-12-03T17:14:07.000Z' });
    expect(parseReceived('from [192.0.2.5] (helo=laptop) by mail.example.org with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.97) (envelope-from <a@example.org>) id 1t; Tue, 03 Dec 2024 17:14:07 +0000').hop).toMatchObject({ fromIp: '192.0.2.5', with: 'esmtpsa', tls: true });
  });

  it('says what it could not read', () => {
    expect(parseReceived('from ?module?\'socks\'?from?\'C:??Users??x.py\'? (unknown [203.0.113.9]) by mx.example.org; not a date').problems).toEqual(['unreadable date "not a date"']);
    expect(parseReceived('garbage').problems).toEqual(['no date', 'neither "from" nor "by"']);
  });
});

describe('the delivery path', () => {
  it('orders hops oldest first, with delays, the slowest hop and the total', async () => {
    const a = await analyzeMessage(fixture('icloud.eml'), { authservIds: ['*.icloud.com'], resolver: offline });
    expect(a.path.hops.map((h) => h.by)).toEqual(['relay.acme.example', 'ma-mailsvcp-mx-lapp02.apple.com', 'ma-mailsvcp-mmp-lapp05.apple.com']);
    expect(a.path.hops.map((h) => h.delayMs)).toEqual([undefined, 1000, 1000]);
    expect(a.path).toMatchObject({ totalTransitMs: 2000, slowestHop: 1, receiverHop: 1, sendingIp: '192.0.2.10' });
  });

  it('flags hops whose clocks disagree', async () => {
    const a = await analyzeMessage(fixture('gmx.eml'), { ...providerContext('gmx'), resolver: offline });
    expect(a.path.hops[1].delayMs).toBe(1000);
    const skewed = Buffer.from(fixture('gmx.eml').toString().replace('18:14:08 +0100', '18:13:08 +0100'));
    const b = await analyzeMessage(skewed, { ...providerContext('gmx'), resolver: offline });
    expect(b.path.hops[1].delayMs).toBe(-59_000);
    expect(b.problems).toContain('1 hop(s) are timestamped before the previous one: the hosts\' clocks disagree');
  });
});
