import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWechaty } from '../../../src/channels/wechat/create-wechaty.js';
import { ConfigError } from '../../../src/core/errors.js';
import { loadConfig } from '../../../src/config/load-config.js';

describe('createWechaty', () => {
  let dataDir: string | undefined;

  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('loads the puppet WECHATY_PUPPET names and keeps the session in the data dir', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wechaty-'));
    const config = loadConfig({ env: { WECHATY_PUPPET: 'wechaty-puppet-mock', DATA_DIR: dataDir } });
    const wechaty = createWechaty(config);
    // Wechaty keeps the session in `<name>.memory-card.json`.
    expect(wechaty.name()).toBe(join(dataDir, 'wechaty'));
    await wechaty.start();
    try {
      expect(wechaty.puppet.name()).toMatch(/wechaty-puppet-mock/);
    } finally {
      await wechaty.stop();
    }
  });

  it('says what to set when WECHATY_PUPPET is missing or not a puppet package', () => {
    const config = loadConfig({ env: {} });
    expect(() => createWechaty(config)).toThrow(ConfigError);
    expect(() => createWechaty(config)).toThrow(/WECHATY_PUPPET is empty; set it to a puppet package/);
    const wrong = loadConfig({ env: { WECHATY_PUPPET: 'wechat4u' } });
    expect(() => createWechaty(wrong)).toThrow(/"wechat4u" is not a Wechaty puppet package/);
  });
});
