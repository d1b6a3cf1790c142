import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAccountStore } from '../../src/accounts/account-store.js';
import { SqliteSessionStore } from '../../src/accounts/session-store.js';
import { fixedClock } from '../../src/core/clock.js';

const at = new Date('2026-11-25T02:00:00Z');

describe('named accounts', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accounts-'));
    file = join(dir, 'tickets.db');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('adds, verifies, lists and removes accounts, with the password never stored in clear', async () => {
    const store = new SqliteAccountStore(file);
    await store.add({ name: 'wang', role: 'secretary', display: '王老师', password: 'wang-pass-123' }, at);
    await store.add({ name: 'li', role: 'admin', password: 'li-pass-4567' }, at);
    expect(store.list().map((a) => [a.name, a.role, a.display])).toEqual([['li', 'admin', undefined], ['wang', 'secretary', '王老师']]);
    expect((await store.verify('wang', 'wang-pass-123'))?.display).toBe('王老师');
    expect(await store.verify('wang', 'li-pass-4567')).toBeUndefined();
    expect(await store.verify('nobody', 'wang-pass-123')).toBeUndefined();
    expect(store.remove('wang')).toBe(true);
    expect(store.remove('wang')).toBe(false);
    expect(await store.verify('wang', 'wang-pass-123')).toBeUndefined();
    store.dispose();
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(file)).includes(Buffer.from('li-pass-4567'))).toBe(false);
  });

  it('refuses bad names, short passwords and a second account of the same name, saying what to do', async () => {
    const store = new SqliteAccountStore(file);
    await expect(store.add({ name: 'Wang Wu', role: 'secretary', password: 'long-enough' }, at)).rejects.toThrow(/lower-case letters/);
    await expect(store.add({ name: 'wang', role: 'secretary', password: 'short' }, at)).rejects.toThrow(/shorter than 8/);
    await store.add({ name: 'wang', role: 'secretary', password: 'long-enough' }, at);
    await expect(store.add({ name: 'wang', role: 'admin', password: 'long-enough' }, at)).rejects.toThrow(/exists already/);
    store.dispose();
  });

  it('keeps sessions across a reopen, expires them, and ends every session of an account on sign-out or removal', async () => {
    const clock = fixedClock(at);
    const accounts = new SqliteAccountStore(file);
    await accounts.add({ name: 'wang', role: 'secretary', display: '王老师', password: 'wang-pass-123' }, at);
    let sessions = new SqliteSessionStore(file, clock, 3_600_000);
    const phone = sessions.create({ role: 'secretary', account: 'wang' });
    const desk = sessions.create({ role: 'secretary', account: 'wang' });
    const shared = sessions.create({ role: 'secretary' });
    sessions.dispose();

    sessions = new SqliteSessionStore(file, clock, 3_600_000);
    expect(sessions.get(phone.token)).toMatchObject({ account: 'wang', role: 'secretary', display: '王老师', csrfToken: phone.csrfToken });
    expect(sessions.get(shared.token)).toMatchObject({ role: 'secretary', account: undefined });
    expect(sessions.get('forged-token')).toBeUndefined();

    expect(sessions.end(sessions.get(phone.token)!)).toBe(2);
    expect(sessions.get(desk.token)).toBeUndefined();
    expect(sessions.get(shared.token)).toBeDefined();

    const again = sessions.create({ role: 'secretary', account: 'wang' });
    accounts.remove('wang');
    expect(sessions.get(again.token)).toBeUndefined();

    clock.advance(3_600_000);
    expect(sessions.get(shared.token)).toBeUndefined();
    sessions.dispose();
    accounts.dispose();
  });
});
