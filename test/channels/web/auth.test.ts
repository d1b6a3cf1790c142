import { describe, expect, it } from 'vitest';
import { sameSecret } from '../../../src/channels/web/auth.js';

describe('comparing secrets', () => {
  it('accepts the same secret and refuses one that differs in any character', () => {
    expect(sameSecret('metrics-token-123', 'metrics-token-123')).toBe(true);
    expect(sameSecret('metrics-token-124', 'metrics-token-123')).toBe(false);
    expect(sameSecret('Metrics-token-123', 'metrics-token-123')).toBe(false);
  });

  it('refuses a shorter or longer guess, an empty one included, instead of failing', () => {
    expect(sameSecret('metrics-token', 'metrics-token-123')).toBe(false);
    expect(sameSecret('metrics-token-1234', 'metrics-token-123')).toBe(false);
    expect(sameSecret('', 'metrics-token-123')).toBe(false);
  });

  it('compares the bytes of non-ASCII secrets, so look-alike spellings differ', () => {
    expect(sameSecret('口令é', '口令é')).toBe(true);
    expect(sameSecret('口令e\u0301', '口令é')).toBe(false);
  });
});
