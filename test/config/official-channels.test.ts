import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { wecomSettings } from '../../src/channels/wecom/wecom-channel.js';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('official WeChat channel settings', () => {
  it('leaves both channels off by default, with Tencent as the API', () => {
    const config = loadConfig({ env: {} });
    expect(config.wecom).toEqual({ apiBase: 'https://qyapi.weixin.qq.com' });
    expect(config.wechatMp).toEqual({ apiBase: 'https://api.weixin.qq.com' });
    expect(wecomSettings(config.wecom)).toBeUndefined();
  });

  it('reads a complete WeCom setup from the environment', () => {
    const env = {
      WECOM_CORP_ID: 'ww0123456789abcdef',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 's3cret',
      WECOM_TOKEN: 'tok123',
      WECOM_AES_KEY: AES_KEY,
      WECOM_API_BASE: 'http://127.0.0.1:9',
    };
    expect(wecomSettings(loadConfig({ env }).wecom)).toEqual({
      corpId: 'ww0123456789abcdef',
      agentId: 1000002,
      secret: 's3cret',
      token: 'tok123',
      aesKey: AES_KEY,
      apiBase: 'http://127.0.0.1:9',
    });
  });

  it('takes secretaries on both official channels', () => {
    const config = loadConfig({ env: { ONBOARDING_SECRETARIES: 'wecom:hr-wang,wechat-mp:oAbc123' } });
    expect(config.secretaries).toEqual(['wecom:hr-wang', 'wechat-mp:oAbc123']);
  });

  it('names the variable that is missing once a channel is on, and what a wrong one should look like', () => {
    expect(() => loadConfig({ env: { WECOM_CORP_ID: 'ww0123456789abcdef' } })).toThrow(/set WECOM_AGENT_ID as well/);
    expect(() => loadConfig({ env: { WECOM_CORP_ID: 'corp' } })).toThrow(/WECOM_CORP_ID: expected the corp ID/);
    expect(() => loadConfig({ env: { WECHAT_MP_AES_KEY: 'short' } })).toThrow(/WECHAT_MP_AES_KEY: expected the 43-character EncodingAESKey/);
    expect(() => loadConfig({ env: { WECHAT_MP_APP_ID: 'wx0123456789abcdef' } })).toThrow(/set WECHAT_MP_APP_SECRET as well/);
    expect(() => loadConfig({ env: { WECHAT_API_BASE: 'not a url' } })).toThrow(/WECHAT_API_BASE: expected a URL/);
  });
});
