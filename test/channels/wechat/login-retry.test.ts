import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { Wechaty } from 'wechaty';
import { isUnreachable, LoginRetry } from '../../../src/channels/wechat/login-retry.js';

function capture() {
  const lines: Array<{ level: number; msg: string; err?: unknown }> = [];
  const stream = new Writable({ write(chunk, _e, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** What wechaty-puppet-wechat4u reports, many times a second, when DNS fails. */
const offline = Object.assign(new Error('getaddrinfo ENOTFOUND login.wx.qq.com'), { code: 2, details: 'Error: getaddrinfo ENOTFOUND login.wx.qq.com\n    at …' });

describe('LoginRetry', () => {
  it('tells a network failure from a bug', () => {
    expect(isUnreachable(offline)).toBe(true);
    expect(isUnreachable(new Error('connect ECONNREFUSED 127.0.0.1:8788'))).toBe(true);
    expect(isUnreachable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });

  it('says one clear line per attempt, restarts with growing waits, then leaves WeChat off', async () => {
    const { log, lines } = capture();
    const calls: string[] = [];
    const wechaty = { start: async () => void calls.push('start'), stop: async () => void calls.push('stop') } as unknown as Wechaty;
    const retry = new LoginRetry({ wechaty, log, attempts: 2, firstDelayMs: 5 });

    for (let i = 0; i < 100; i++) retry.failed(offline);
    await vi.waitFor(() => expect(calls).toEqual(['stop', 'start']));
    for (let i = 0; i < 100; i++) retry.failed(offline);
    await vi.waitFor(() => expect(calls).toEqual(['stop', 'start', 'stop', 'start']));
    for (let i = 0; i < 100; i++) retry.failed(offline);
    await vi.waitFor(() => expect(calls).toEqual(['stop', 'start', 'stop', 'start', 'stop']));
    for (let i = 0; i < 100; i++) retry.failed(offline);

    expect(lines.map((l) => l.msg)).toEqual([
      "cannot reach WeChat's login server (login.wx.qq.com); check the network or the puppet",
      "cannot reach WeChat's login server (login.wx.qq.com); check the network or the puppet",
      "cannot reach WeChat's login server (login.wx.qq.com); check the network or the puppet; WeChat stays off, the other channels keep running; restart the bot to try again",
    ]);
    expect(lines.map((l) => (l as unknown as { retryInSeconds?: number }).retryInSeconds)).toEqual([0.005, 0.015, undefined]);
    expect(lines.some((l) => l.err !== undefined)).toBe(false);
  });

  it('counts afresh once the server was reached, and reports a Wechaty it does not own only once', async () => {
    const { log, lines } = capture();
    const wechaty = { start: async () => undefined, stop: async () => undefined } as unknown as Wechaty;
    const retry = new LoginRetry({ wechaty, log, attempts: 1, firstDelayMs: 1 });
    for (let i = 0; i < 10; i++) retry.failed(offline, false);
    expect(lines).toHaveLength(1);
    retry.reached();
    retry.failed(offline, false);
    expect(lines).toHaveLength(2);
    retry.stop();
  });
});
