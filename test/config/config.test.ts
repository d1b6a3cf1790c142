import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/core/errors.js';
import { createLogger } from '../../src/logging/logger.js';

describe('configuration', () => {
  it('runs on embedded defaults with no settings at all', () => {
    const config = loadConfig({ env: {} });
    expect(config.knowledgeDir).toBe('knowledge');
    expect(config.dataDir).toBe('data');
    expect(config.web).toMatchObject({ host: '127.0.0.1', port: 8787, sessionHours: 8, loginMaxFailures: 5, loginWindowMinutes: 15, loginDelaySeconds: 2, loginMaxDelayMinutes: 15, inboxWaitSeconds: 25 });
    expect(config.admins).toEqual([]);
  });

  it('reads people lists and numbers from the environment', () => {
    const config = loadConfig({ env: { ONBOARDING_ADMINS: 'wechat:wxid_a, qq:123', ONBOARDING_SECRETARIES: 'web:hr', PORT: '9000' } });
    expect(config.admins).toEqual(['wechat:wxid_a', 'qq:123']);
    expect(config.secretaries).toEqual(['web:hr']);
    expect(config.web.port).toBe(9000);
  });

  it('reads the sign-in throttling from the environment and refuses a wait of nothing', () => {
    const config = loadConfig({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_DELAY_SECONDS: '5', LOGIN_MAX_DELAY_MINUTES: '60' } });
    expect(config.web).toMatchObject({ loginMaxFailures: 3, loginDelaySeconds: 5, loginMaxDelayMinutes: 60 });
    expect(() => loadConfig({ env: { LOGIN_DELAY_SECONDS: '0' } })).toThrow(/LOGIN_DELAY_SECONDS: Too small/);
  });

  it('lets explicit settings override the environment, and the environment the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bot.json');
    writeFileSync(file, JSON.stringify({ logLevel: 'debug', web: { port: 7000 }, bot: { ratePerMinute: 3 } }));
    const config = loadConfig({ env: { ONBOARDING_CONFIG: file, PORT: '7100' }, overrides: { bot: { ratePerMinute: 5 } } });
    expect(config.logLevel).toBe('debug');
    expect(config.web.port).toBe(7100);
    expect(config.bot.ratePerMinute).toBe(5);
  });

  it('names the variable and what was expected when a value is wrong', () => {
    expect(() => loadConfig({ env: { PORT: 'abc' } })).toThrow(/PORT: expected a number, got "abc"/);
    expect(() => loadConfig({ env: { ONBOARDING_ADMINS: 'qq:1,bob' } })).toThrow(/ONBOARDING_ADMINS \(item 2\): expected "channel:id"/);
    expect(() => loadConfig({ env: { LOG_LEVEL: 'loud' } })).toThrow(ConfigError);
  });

  it('names the file when the config file is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ port: 1 ');
    expect(() => loadConfig({ env: { ONBOARDING_CONFIG: bad } })).toThrow(/bad\.json is not valid JSON/);
    expect(() => loadConfig({ env: { ONBOARDING_CONFIG: join(dir, 'none.json') } })).toThrow(/none\.json cannot be read/);
  });
});

describe('logs', () => {
  it('never hold a phone or ID number in clear, nor a secret', () => {
    let out = '';
    const sink = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
    const log = createLogger({ level: 'info', destination: sink as never });
    log.info({ text: '我的手机13812345678，身份证110101199003071234', apiKey: 'sk-secret', phone: '13900001111' }, 'inbound');
    expect(out).not.toContain('13812345678');
    expect(out).not.toContain('110101199003071234');
    expect(out).not.toContain('sk-secret');
    expect(out).not.toContain('13900001111');
    expect(out).toContain('138****5678');
  });
});
