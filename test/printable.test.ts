import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/printable.ts';

describe('cleanText: what a server or library said, safe to show', () => {
  it('masks the secrets and drops what follows a LOGIN or AUTHENTICATE echo', () => {
    expect(cleanText('NO [AUTHENTICATIONFAILED] bad password hunter22', ['hunter22'])).toBe('NO [AUTHENTICATIONFAILED] bad password ***');
    expect(cleanText('A1 LOGIN "seed" "s3cret"\r\nA1 NO failed')).toBe('A1 LOGIN ... A1 NO failed');
  });

  it('one line: each run of controls a space (C1 and bidi U+202E too), capped', () => {
    expect(cleanText('first\r\nsecond\tthird')).toBe('first second third');
    expect(cleanText('a\u001b]0;owned\u0007b')).toBe('a ]0;owned b');
    expect(cleanText('c\u009b2Jd\u202etxt.exe')).toBe('c 2Jd txt.exe');
    expect(cleanText('x'.repeat(500), [], 40)).toBe(`${'x'.repeat(37)}...`);
  });
});
