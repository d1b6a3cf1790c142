import { describe, expect, it } from 'vitest';
import { startSummary } from '../../src/cli/start-summary.js';
import { loadConfig } from '../../src/config/load-config.js';

const offline = { model: 'local-char-ngram-v1-512', serving: 'local-char-ngram-v1-512' };
const facts = { webUrl: 'http://127.0.0.1:8787', documents: 20, chunks: 96, skipped: 0, wecom: false, officialAccount: false, embeddingSpaces: offline };

describe('the start summary', () => {
  it('names the three pages, and each part that is off with the setting that turns it on', () => {
    const text = startSummary({ ...facts, config: loadConfig({ env: {} }) });
    expect(text.split('\n').length).toBeLessThanOrEqual(7);
    expect(text).toContain('chat    http://127.0.0.1:8787/\n');
    expect(text).toContain('console http://127.0.0.1:8787/console   (closed: set SECRETARY_PASSWORD)');
    expect(text).toContain('admin   http://127.0.0.1:8787/admin     (closed: set ADMIN_PASSWORD)');
    expect(text).toContain('off (set to turn on): WeChat: WECHATY_PUPPET · WeCom: WECOM_* · Official Account: WECHAT_MP_* · QQ: ONEBOT_ACCESS_TOKEN · LLM: LLM_BASE_URL');
  });

  it('drops what is on, and says when documents did not load', () => {
    const config = loadConfig({
      env: { SECRETARY_PASSWORD: 'secretary-1', ADMIN_PASSWORD: 'admin-pass-1', WECHATY_PUPPET: 'wechaty-puppet-mock', ONEBOT_ACCESS_TOKEN: 't0ken', LLM_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    const text = startSummary({ ...facts, skipped: 2, wecom: true, officialAccount: true, config });
    expect(text).toMatch(/^onboarding-bot is running: 20 documents, 96 chunks, 2 not loaded \(see the admin page\)\n/);
    expect(text).not.toMatch(/closed|off \(/);
    expect(text).toContain('QQ: OneBot v11 frameworks connect to ws://127.0.0.1:8787/onebot/v11/ws');
  });

  it('says when the answer model was trained with other embeddings than those serving', () => {
    const config = loadConfig({ env: {} });
    expect(startSummary({ ...facts, config })).not.toMatch(/answer model/);
    const text = startSummary({ ...facts, config, embeddingSpaces: { model: 'local-char-ngram-v1-512', serving: 'openai:bge-m3' } });
    expect(text).toContain('answer model trained with local-char-ngram-v1-512 embeddings, serving with openai:bge-m3: its confidence is not calibrated; see docs/llm.md');
  });
});
