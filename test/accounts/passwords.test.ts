import { describe, expect, it } from 'vitest';
import { hashPassword, matchesConfigured, verifyPassword } from '../../src/accounts/passwords.js';

describe('password hashes', () => {
  it('keeps only a salted scrypt hash and checks it', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(stored);
  });

  it('never matches a damaged hash', async () => {
    expect(await verifyPassword('anything', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
  });

  it('checks the password a role has in the configuration exactly, whatever its length', () => {
    expect(matchesConfigured('办公室的密码 2026', '办公室的密码 2026')).toBe(true);
    expect(matchesConfigured('办公室的密码 202', '办公室的密码 2026')).toBe(false);
    expect(matchesConfigured('', 'x')).toBe(false);
  });
});
