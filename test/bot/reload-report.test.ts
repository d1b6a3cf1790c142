import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { describeReload } from '../../src/bot/reload-report.js';
import { loadTemplates } from '../../src/prompts/templates.js';

const templates = loadTemplates(DEFAULT_PROMPTS_DIR);
const base = { added: ['housing/new.md'], changed: [], removed: [], documents: 12, chunks: 80, warnings: [], skipped: [], seconds: 1.234 };

describe('the admin’s reply to a reload', () => {
  it('sums up what changed in Chinese, without a warnings block when there is none', () => {
    const text = describeReload(templates, { ...base, ok: true });
    expect(text).toContain('用时 1.2 秒');
    expect(text).toContain('12 篇文档已加载');
    expect(text).toContain('新增 1 篇');
    expect(text).not.toContain('⚠️');
  });

  it('lists each problem file with its line, and says which ones were not loaded', () => {
    const warnings = [
      { path: 'checkin/guide.md', line: 3, message: 'front matter is not valid YAML', loaded: false },
      { path: 'housing/rent.md', message: 'unknown category "rent", loaded as general', loaded: true },
    ];
    const text = describeReload(templates, { ...base, ok: true, warnings, skipped: ['checkin/guide.md'] });
    expect(text).toContain('checkin/guide.md 第 3 行');
    expect(text).toMatch(/checkin\/guide\.md[^\n]*（未加载）/);
    expect(text).not.toMatch(/housing\/rent\.md[^\n]*（未加载）/);
  });

  it('says a failed reload left the old knowledge serving, and why', () => {
    const text = describeReload(templates, { ...base, ok: false, error: 'no document could be loaded from knowledge/' });
    expect(text).toContain('仍在使用原来的知识库');
    expect(text).toContain('一篇文档也没有加载成功');
  });
});
