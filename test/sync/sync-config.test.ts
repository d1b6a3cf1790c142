import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

describe('sync settings', () => {
  it('reads the list pages and the interval from SYNC_URLS and SYNC_EVERY', () => {
    const config = loadConfig({ env: { SYNC_URLS: 'https://hr.example.edu.cn/tzgg/index.html, https://hr.example.edu.cn/bszn/index.html', SYNC_EVERY: '6h' } });
    expect(config.sync.urls).toEqual(['https://hr.example.edu.cn/tzgg/index.html', 'https://hr.example.edu.cn/bszn/index.html']);
    expect(config.sync.every).toBe(6 * 3_600_000);
    expect(config.sync.prune).toBe(false);
  });

  it('spares the site half a second between requests unless SYNC_DELAY_MS says otherwise', () => {
    expect(loadConfig({ env: {} }).sync.delayMs).toBe(500);
    expect(loadConfig({ env: { SYNC_DELAY_MS: '2000' } }).sync.delayMs).toBe(2000);
    expect(() => loadConfig({ env: { SYNC_DELAY_MS: '-1' } })).toThrow(/SYNC_DELAY_MS/);
  });

  it('has no schedule by default', () => {
    const { sync } = loadConfig({ env: {} });
    expect(sync.urls).toEqual([]);
    expect(sync.every).toBeUndefined();
  });

  it('says what to set when an interval has no pages, or is not a duration', () => {
    expect(() => loadConfig({ env: { SYNC_EVERY: '6h' } })).toThrow(/sync.urls: .*SYNC_URLS/);
    expect(() => loadConfig({ env: { SYNC_URLS: 'https://hr.example.edu.cn/tzgg/', SYNC_EVERY: 'often' } })).toThrow(/SYNC_EVERY: expected a duration such as "6h"/);
    expect(() => loadConfig({ env: { SYNC_URLS: 'ftp://hr.example.edu.cn/', SYNC_EVERY: '6h' } })).toThrow(/SYNC_URLS \(item 1\)/);
  });
});
