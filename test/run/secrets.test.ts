import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/secrets.ts';

describe('the redactor', () => {
  it('masks secrets as written and in the encodings protocol transcripts use', () => {
    const redact = createRedactor(['hunter2-secret', 'ya29.token-value'], [{ user: 'seed@x.test', pass: 'hunter2-secret' }]);
    const plain = Buffer.from('\0seed@x.test\0hunter2-secret').toString('base64');
    const text = `LOGIN seed@x.test hunter2-secret; AUTH PLAIN ${plain}; Bearer ya29.token-value; ${encodeURIComponent('hunter2-secret')}`;
    const masked = redact(text);
    expect(masked).not.toMatch(/hunter2|ya29|aHVudGVy/);
    expect(masked).toContain('LOGIN seed@x.test ***');
  });

  it('leaves text alone when there is nothing to hide', () => {
    expect(createRedactor([])('nothing to see')).toBe('nothing to see');
  });
});
