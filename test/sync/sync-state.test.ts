import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_DB, SyncState } from '../../src/sync/sync-state.js';

describe('data/sync.db', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sync-state-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens a database of the previous version, keeps its rows and records attachments\' articles from then on', () => {
    const old = new Database(join(dataDir, SYNC_DB));
    old.exec(`CREATE TABLE urls (url TEXT PRIMARY KEY, kind TEXT NOT NULL, etag TEXT, last_modified TEXT, hash TEXT,
      path TEXT, links TEXT NOT NULL DEFAULT '[]', seen_run INTEGER NOT NULL)`);
    old.prepare("INSERT INTO urls VALUES ('https://hr.example.edu.cn/bszn/a.html', 'article', NULL, NULL, 'h', 'site/x/a.html', '[]', 1)").run();
    old.close();

    const state = new SyncState(dataDir);
    try {
      expect(state.get('https://hr.example.edu.cn/bszn/a.html')).toMatchObject({ path: 'site/x/a.html', page: null });
      state.put({ url: 'https://hr.example.edu.cn/files/b.pdf', kind: 'attachment', etag: null, lastModified: null, hash: 'h2', path: 'site/x/b.pdf', links: [], seenRun: 2, page: 'https://hr.example.edu.cn/bszn/a.html' });
      expect(state.unseen(3).map((u) => [u.url, u.page])).toEqual([
        ['https://hr.example.edu.cn/bszn/a.html', null],
        ['https://hr.example.edu.cn/files/b.pdf', 'https://hr.example.edu.cn/bszn/a.html'],
      ]);
    } finally {
      state.close();
    }
  });
});
