import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAccountStore } from '../../src/accounts/account-store.js';
import { addUser, listUsers, removeUser } from '../../src/cli/user-command.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

/** Runs the built CLI with stdin piped (not a terminal), as a script would. */
function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('onboarding-bot user', () => {
  let data: string;
  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), 'user-cli-'));
  });
  afterAll(async () => rm(data, { recursive: true, force: true }));

  it('adds an account with the password from piped stdin, lists it without the password, and removes it', async () => {
    expect(existsSync(CLI), `${CLI} is missing; run npm run build first`).toBe(true);
    const added = await run(['user', 'add', 'wang', '--role', 'secretary', '--display', '王老师', '--data', data], 'wang-pass-123\n');
    expect(added.stderr).toBe('');
    expect(added).toMatchObject({ code: 0, stdout: 'added secretary wang (王老师); they sign in at /console\n' });
    expect(await addUser('li', { role: 'admin', data }, async () => 'li-pass-4567')).toBe('added admin li; they sign in at /console and /admin');

    const listed = await run(['user', 'list', '--data', data]);
    expect(listed.stdout).toMatch(/^li\tadmin\t\t\d{4}-\d\d-\d\d\nwang\tsecretary\t王老师\t\d{4}-\d\d-\d\d\n$/);
    expect(listed.stdout).not.toContain('pass');
    const store = new SqliteAccountStore(join(data, 'tickets.db'));
    expect((await store.verify('wang', 'wang-pass-123'))?.role).toBe('secretary');
    store.dispose();

    expect(await run(['user', 'remove', 'wang', '--data', data])).toMatchObject({ code: 0, stdout: 'removed wang and ended their sign-ins\n' });
    expect(listUsers(data)).not.toContain('wang');
  }, 60_000);

  it('says plainly what is wrong: a bad role, a short password, an account that exists or does not', async () => {
    const role = await run(['user', 'add', 'zhao', '--role', 'boss', '--data', data], 'zhao-pass-123\n');
    expect(role).toMatchObject({ code: 1, stderr: 'onboarding-bot: AccountError: --role must be secretary or admin, not "boss"\n' });
    await expect(addUser('zhao', { role: 'secretary', data }, async () => 'short')).rejects.toThrow(/shorter than 8 characters/);
    await expect(addUser('li', { role: 'secretary', data }, async () => 'another-pass-1')).rejects.toThrow(/account "li" exists already/);
    expect(() => removeUser(data, 'nobody')).toThrow(/there is no account "nobody"; see: onboarding-bot user list/);
  }, 60_000);
});
