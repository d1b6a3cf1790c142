import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { envOf, settingsTable } from '../../src/config/settings-table.js';

describe('the settings table of the schema', () => {
  const rows = settingsTable();

  it('names every setting once and every variable once', () => {
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    const envs = rows.flatMap((r) => (r.env ? [r.env] : []));
    expect(new Set(envs).size).toBe(envs.length);
    expect(rows.every((r) => r.meaning.length > 0)).toBe(true);
  });

  it('knows how to read each variable from its type and the default from the schema', () => {
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('web.port')).toMatchObject({ env: 'PORT', kind: 'number', defaultValue: 8787 });
    expect(byKey.get('web.enabled')).toMatchObject({ env: 'WEB_ENABLED', kind: 'boolean', defaultValue: true });
    expect(byKey.get('admins')).toMatchObject({ env: 'ONBOARDING_ADMINS', kind: 'list', defaultValue: [] });
    expect(byKey.get('sync.every')).toMatchObject({ env: 'SYNC_EVERY', kind: 'string', defaultValue: undefined });
    expect(envOf('knowledgeDir')).toBe('KNOWLEDGE_DIR');
    expect(() => envOf('retrieval.topK')).toThrow(/no environment variable/);
  });

  it('lets every listed variable set its key', () => {
    // Twice the default (half a share below 1) stays within each number's bounds; 0.5 for those without a default.
    for (const row of rows.filter((r) => r.env && r.kind === 'number' && !r.key.startsWith('wecom'))) {
      const value = typeof row.defaultValue === 'number' ? (row.defaultValue < 1 ? row.defaultValue / 2 : row.defaultValue * 2) : 0.5;
      const config = loadConfig({ env: { [row.env!]: String(value) } }) as unknown as Record<string, Record<string, unknown>>;
      const [section, key] = row.key.split('.');
      expect(key ? config[section!]![key] : config[section!], row.env).toBe(value);
    }
    expect(loadConfig({ env: { ONBOARDING_SECRETARIES: 'qq:1, qq:2' } }).secretaries).toEqual(['qq:1', 'qq:2']);
    expect(loadConfig({ env: { SYNC_PRUNE: 'false' } }).sync.prune).toBe(false);
    expect(loadConfig({ env: { HOST: '0.0.0.0' } }).web.host).toBe('0.0.0.0');
  });
});
