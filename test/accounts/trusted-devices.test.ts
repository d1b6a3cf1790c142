import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteTrustedDevices } from '../../src/accounts/trusted-devices.js';
import { fixedClock } from '../../src/core/clock.js';

const DAY = 86_400_000;

describe('browsers trusted to sign in to an account', () => {
  let dir: string;
  let file: string;
  const opened: SqliteTrustedDevices[] = [];
  const clock = fixedClock(new Date('2026-11-25T02:00:00Z'));
  const open = () => {
    const devices = new SqliteTrustedDevices(file, clock, 30 * DAY);
    opened.push(devices);
    return devices;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'devices-'));
    file = join(dir, 'accounts.db');
    clock.set(new Date('2026-11-25T02:00:00Z'));
  });
  afterEach(async () => {
    for (const devices of opened.splice(0)) devices.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('knows a browser that signed in to the account, and only for that account', () => {
    const devices = open();
    const cookie = devices.remember(undefined, 'wang');
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(devices.knows(cookie, 'wang')).toBe(true);
    expect(devices.knows(cookie, 'zhao')).toBe(false);
    expect(devices.knows(undefined, 'wang')).toBe(false);
    expect(devices.knows('', 'wang')).toBe(false);
    expect(devices.knows(devices.remember(undefined, 'zhao'), 'wang')).toBe(false);
  });

  it('keeps a well-formed cookie the browser already has, and replaces a malformed or hostile one', () => {
    const devices = open();
    const first = devices.remember(undefined, 'wang');
    expect(devices.remember(first, 'zhao')).toBe(first);
    expect(devices.knows(first, 'zhao')).toBe(true);
    for (const bad of ['short', "x'; DROP TABLE login_devices; --".padEnd(40, 'x'), 'a'.repeat(65)]) {
      const kept = devices.remember(bad, 'wang');
      expect(kept).not.toBe(bad);
      expect(devices.knows(kept, 'wang')).toBe(true);
      expect(devices.knows(bad, 'wang')).toBe(false);
    }
  });

  it('forgets a browser unused for the whole period, and each sign-in starts the period again', () => {
    const devices = open();
    const cookie = devices.remember(undefined, 'wang');
    clock.advance(29 * DAY);
    expect(devices.knows(cookie, 'wang')).toBe(true);
    devices.remember(cookie, 'wang');
    clock.advance(29 * DAY);
    expect(devices.knows(cookie, 'wang')).toBe(true);
    clock.advance(1 * DAY);
    expect(devices.knows(cookie, 'wang')).toBe(false);
  });

  it('stores only a hash of the cookie, and deletes expired rows at the next sign-in', () => {
    const devices = open();
    const old = devices.remember(undefined, 'wang');
    clock.advance(31 * DAY);
    const fresh = devices.remember(undefined, 'zhao');
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare('SELECT token_hash, account FROM login_devices').all() as Array<{ token_hash: string; account: string }>;
      expect(rows.map((r) => r.account)).toEqual(['zhao']);
      expect(JSON.stringify(rows)).not.toContain(fresh);
      expect(JSON.stringify(rows)).not.toContain(old);
    } finally {
      db.close();
    }
  });

  it('remembers browsers across a restart', () => {
    const first = open();
    const cookie = first.remember(undefined, 'wang');
    first.dispose();
    first.dispose();
    expect(open().knows(cookie, 'wang')).toBe(true);
  });
});
