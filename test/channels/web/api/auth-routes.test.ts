import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../../src/accounts/login-throttle.js';
import { authRoutes, DEVICE_COOKIE } from '../../../../src/channels/web/api/auth-routes.js';
import { SESSION_COOKIE } from '../../../../src/channels/web/api/context.js';
import { hasStack, routeHarness, type Caller, type Reply } from '../route-harness.js';
import { ADMIN_PASSWORD, SECRETARY_PASSWORD } from '../web-fixture.js';

type Harness = Awaited<ReturnType<typeof routeHarness>>;

/** The sign-in routes with the throttle the server builds from the default settings. */
const withAuth = (config = {}) =>
  routeHarness(
    (ctx, stores) =>
      authRoutes(ctx, {
        ...stores,
        throttle: new LoginThrottle(ctx.app.clock, { freeFailures: 5, firstDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 15 * 60_000 }),
        secureCookies: false,
        trustProxy: undefined,
      }),
    config,
  );

let h: Harness;
beforeAll(async () => {
  h = await withAuth();
  await h.accounts.add({ name: 'clerk', role: 'secretary', display: '丙老师', password: 'clerk-pass-123' }, h.clock.now());
});
afterAll(async () => {
  await h?.close();
});

/** The cookies a response sets, by name, with their attributes. */
function cookies(res: Reply): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((c) => [c.slice(0, c.indexOf('=')), c]));
}

/** The caller a successful sign-in makes: its session cookie and CSRF token. */
function caller(res: Reply): Caller {
  const value = cookies(res).get(SESSION_COOKIE)!.split(';')[0]!;
  return { cookie: value, csrf: res.data.csrfToken };
}

const login = (json: unknown, from = '192.0.2.1', headers?: Record<string, string>) => h.request('POST', '/login', { json, from, headers });

describe('signing in', () => {
  it('names the field that is wrong, sets no cookie, and shows no stack trace', async () => {
    for (const [json, pattern] of [
      [{ role: 'secretary' }, /^password: /],
      [{ role: 'secretary', password: '' }, /^password: is empty/],
      [{ role: 'secretary', password: 'x'.repeat(201) }, /^password: is too long/],
      [{ role: 'boss', password: 'x' }, /^role: expected "secretary" or "admin"/],
      [{ user: '   ', password: 'x' }, /^user: is empty/],
      [{ user: 'clerk', role: 'secretary', password: 'x' }, /^body: send "user" \(a named account\) or "role"/],
      [{ password: 'x' }, /^body: send "user"/],
    ] as const) {
      const res = await login(json, '192.0.2.10');
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.data.error).toMatch(pattern);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(hasStack(res.data)).toBe(false);
    }
    const form = await h.request('POST', '/login', { body: 'role=admin&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const broken = await h.request('POST', '/login', { body: '{"role":', headers: { 'content-type': 'application/json' } });
    expect(broken).toMatchObject({ status: 400, data: { error: 'body is not valid JSON' } });
  });

  it('signs in with a role password: an HttpOnly, SameSite=Strict session and a device mark sent only to sign-in', async () => {
    const res = await login({ role: 'secretary', password: SECRETARY_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ role: 'secretary', user: null, display: null, csrfToken: expect.any(String) });
    const set = cookies(res);
    expect(set.get(SESSION_COOKIE)).toMatch(/HttpOnly/i);
    expect(set.get(SESSION_COOKIE)).toMatch(/SameSite=Strict/i);
    expect(set.get(SESSION_COOKIE)).toMatch(/Path=\/(;|$)/);
    expect(set.get(SESSION_COOKIE)).not.toMatch(/Secure/i);
    expect(set.get(DEVICE_COOKIE)).toMatch(/Path=\/api\/login/);
    const session = await h.request('GET', '/session', { as: caller(res) });
    expect(session.data).toEqual(res.data);
  });

  it('refuses a wrong role password with 401 and no session', async () => {
    const res = await login({ role: 'admin', password: SECRETARY_PASSWORD }, '192.0.2.2');
    expect(res).toMatchObject({ status: 401, data: { error: 'wrong password' } });
    expect(cookies(res).has(SESSION_COOKIE)).toBe(false);
  });

  it('signs in to a named account whatever the case and spaces of the name', async () => {
    const res = await login({ user: '  Clerk ', password: 'clerk-pass-123' }, '192.0.2.3');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ role: 'secretary', user: 'clerk', display: '丙老师' });
  });

  it('says the same for an unknown name as for a wrong password, so names cannot be probed', async () => {
    const wrong = await login({ user: 'clerk', password: 'not-it-123' }, '192.0.2.4');
    const unknown = await login({ user: 'nobody', password: 'not-it-123' }, '192.0.2.4');
    expect(wrong).toMatchObject({ status: 401, data: { error: 'wrong user name or password' } });
    expect(unknown).toMatchObject({ status: 401, data: { error: 'wrong user name or password' } });
  });

  it('ends the session a browser had when it signs in again', async () => {
    const before = caller(await login({ role: 'secretary', password: SECRETARY_PASSWORD }, '192.0.2.5'));
    const again = await login({ role: 'admin', password: ADMIN_PASSWORD }, '192.0.2.5', { cookie: before.cookie });
    expect(again.data.role).toBe('admin');
    expect((await h.request('GET', '/session', { as: before })).status).toBe(401);
    expect((await h.request('GET', '/session', { as: caller(again) })).data.role).toBe('admin');
  });
});

describe('a role without a password', () => {
  let bare: Harness;
  beforeAll(async () => {
    bare = await withAuth({ web: { adminPassword: undefined } });
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('answers 503 naming the setting to set, and still admits the other role', async () => {
    const res = await bare.request('POST', '/login', { json: { role: 'admin', password: 'anything' } });
    expect(res.status).toBe(503);
    expect(res.data.error).toBe(
      'no password is set for the admin role; set web.adminPassword in the configuration, or sign in with a named account',
    );
    expect((await bare.request('POST', '/login', { json: { role: 'secretary', password: SECRETARY_PASSWORD } })).status).toBe(200);
  });
});

describe('the session and signing out', () => {
  it('says "not signed in" without a session', async () => {
    expect(await h.request('GET', '/session')).toMatchObject({ status: 401, data: { error: 'not signed in' } });
    const forged = await h.request('GET', '/session', { headers: { cookie: `${SESSION_COOKIE}=made-up` } });
    expect(forged.status).toBe(401);
  });

  it('refuses to sign out without a session or without the CSRF token', async () => {
    expect((await h.request('POST', '/logout')).data.error).toBe('sign in first (POST /api/login)');
    const me = caller(await login({ role: 'secretary', password: SECRETARY_PASSWORD }, '192.0.2.6'));
    const noToken = await h.request('POST', '/logout', { headers: { cookie: me.cookie } });
    expect(noToken.status).toBe(403);
    expect(noToken.data.error).toMatch(/x-csrf-token/);
    expect((await h.request('GET', '/session', { as: me })).status).toBe(200);
  });

  it('signs a named account out on every browser, and clears the cookie', async () => {
    const laptop = caller(await login({ user: 'clerk', password: 'clerk-pass-123' }, '192.0.2.7'));
    const phone = caller(await login({ user: 'clerk', password: 'clerk-pass-123' }, '192.0.2.8'));
    const out = await h.request('POST', '/logout', { as: laptop });
    expect(out.status).toBe(204);
    expect(cookies(out).get(SESSION_COOKIE)).toMatch(/Max-Age=0/);
    expect((await h.request('GET', '/session', { as: laptop })).status).toBe(401);
    expect((await h.request('GET', '/session', { as: phone })).status).toBe(401);
  });

  it('signs out only the one browser of a shared role password', async () => {
    const one = caller(await login({ role: 'secretary', password: SECRETARY_PASSWORD }, '192.0.2.9'));
    const other = caller(await login({ role: 'secretary', password: SECRETARY_PASSWORD }, '192.0.2.9'));
    expect((await h.request('POST', '/logout', { as: one })).status).toBe(204);
    expect((await h.request('GET', '/session', { as: one })).status).toBe(401);
    expect((await h.request('GET', '/session', { as: other })).status).toBe(200);
  });
});

describe('throttling failed sign-ins', () => {
  it('after five failures answers 429 with Retry-After, even for the right password, until the wait passes', async () => {
    const from = '198.51.100.1';
    for (let i = 0; i < 5; i++) expect((await login({ user: 'guessed', password: `guess-${i}-xx` }, from)).status).toBe(401);
    const limited = await login({ user: 'guessed', password: 'guess-5-xx' }, from);
    expect(limited.status).toBe(429);
    const seconds = Number(limited.headers.get('retry-after'));
    expect(seconds).toBeGreaterThan(0);
    expect(limited.data).toEqual({ error: `too many failed sign-ins; try again in ${seconds} second(s)`, retryAfterSeconds: seconds });
    // The address is throttled too: another account from there waits as well.
    expect((await login({ role: 'secretary', password: SECRETARY_PASSWORD }, from)).status).toBe(429);
    h.clock.advance(seconds * 1000);
    expect((await login({ role: 'secretary', password: SECRETARY_PASSWORD }, from)).status).toBe(200);
  });

  it('lets a browser that signed in to the account before in while strangers guess its password', async () => {
    const mine = await login({ user: 'clerk', password: 'clerk-pass-123' }, '198.51.100.2');
    const device = cookies(mine).get(DEVICE_COOKIE)!.split(';')[0]!;
    for (let i = 0; i < 6; i++) await login({ user: 'clerk', password: `guess-${i}-xx` }, `203.0.113.${i}`);
    expect((await login({ user: 'clerk', password: 'clerk-pass-123' }, '203.0.113.50')).status).toBe(429);
    const trusted = await login({ user: 'clerk', password: 'clerk-pass-123' }, '198.51.100.2', { cookie: device });
    expect(trusted.status).toBe(200);
    expect(trusted.data.user).toBe('clerk');
  });
});
