import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: ScryptOptions) => Promise<Buffer>;

// Node's defaults (N=2^14, r=8, p=1): about 50 ms and 16 MB a check, enough for a handful of office accounts.
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/**
 * A password as `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so stronger
 * ones can be chosen later without invalidating stored accounts.
 */
export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const hash = await scryptAsync(password, salt, KEY_LENGTH, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Asynchronous, so a burst of sign-ins does not stall every other request; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64');
  const options = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), maxmem: 256 * 1024 * 1024 };
  const candidate = await scryptAsync(password, Buffer.from(m[4]!, 'base64'), expected.length, options);
  return timingSafeEqual(candidate, expected);
}

/**
 * A password checked against one the configuration holds in clear (a role's shared password).
 * Hashing it with scrypt would protect nothing, since the clear text is in memory beside the
 * hash, and cost every start and every sign-in 50 ms of CPU; comparing fixed-length digests
 * keeps the check's time independent of where the two differ.
 */
export function matchesConfigured(password: string, configured: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(password), digest(configured));
}
