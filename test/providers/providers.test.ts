import { describe, expect, it } from 'vitest';
import { getProvider, listProviders } from '../../src/providers/index.ts';

describe('provider presets', () => {
  it('has one preset per id, each complete enough to log in and find folders', () => {
    const ids = listProviders().map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of listProviders()) {
      expect(preset.folders.inbox).toBe('INBOX');
      // The generic server and the local lab's providers have no fixed host: their seeds name it.
      if (preset.id !== 'imap' && !preset.id.startsWith('lab-')) {
        // Proton is read through its Bridge, which listens on this machine with STARTTLS.
        expect(preset.imap, preset.id).toMatchObject(preset.id === 'proton' ? { host: '127.0.0.1', port: 1143, security: 'starttls' } : { port: 993, security: 'tls' });
        expect(preset.folders.spam.length, preset.id).toBeGreaterThan(0);
        expect(preset.authservIds.length, preset.id).toBeGreaterThan(0);
      }
      if (preset.oauth2) expect(preset.auth, preset.id).toContain('oauth2');
    }
  });

  it('knows the quirks the issue names', () => {
    expect(getProvider('outlook')!.auth).toEqual(['oauth2']); // basic auth ended September 2024
    expect(getProvider('microsoft365')!.folders.spam[0]).toBe('Junk Email');
    expect(getProvider('yahoo')!.folders.spam[0]).toBe('Bulk');
    expect(getProvider('gmx')!.folders.spam[0]).toBe('Spamverdacht');
    expect(getProvider('webde')!.folders.spam[0]).toBe('Spamverdacht');
    expect(getProvider('gmail')!.folders.spam.slice(0, 2)).toEqual(['[Gmail]/Spam', '[Google Mail]/Spam']);
    expect(getProvider('gmail')).toMatchObject({ maxConnections: 15, gmailTabs: true });
  });

  it('looks ids up case-insensitively and knows no others', () => {
    expect(getProvider('Gmail')!.id).toBe('gmail');
    expect(getProvider('MAILBOX.ORG')!.id).toBe('mailbox.org');
    expect(getProvider('hotmail')).toBeUndefined();
  });
});
