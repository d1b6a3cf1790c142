import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFaq } from '../../src/escalation/faq-writer.js';
import type { Ticket } from '../../src/escalation/ticket-store.js';
import { loadMarkdown } from '../../src/knowledge/loaders/markdown-loader.js';

const ticket: Ticket = {
  id: 'K7Q2M',
  status: 'answered',
  reason: 'personal_case',
  channel: 'wechat',
  conversationId: 'wxid_a',
  askerId: 'wechat:wxid_a',
  isGroup: false,
  question: '调档函  "寄到" 哪里？\n急',
  history: [],
  candidates: [],
  createdAt: new Date('2026-11-25T02:00:00Z'),
};

describe('writing an answered ticket as an FAQ', () => {
  it('writes faq/<date>-<ticket>.md that the knowledge loader reads back, with no temporary file left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faq-'));
    try {
      const path = await writeFaq(dir, { ticket, answer: ' 寄到人事处档案室。 ', secretaryId: 'wechat:hr', secretaryName: '王老师', date: '2026-11-25' });
      expect(path).toBe('faq/2026-11-25-K7Q2M.md');
      expect(await readdir(join(dir, 'faq'))).toEqual(['2026-11-25-K7Q2M.md']);
      const loaded = loadMarkdown(path, await readFile(join(dir, path), 'utf8'));
      expect(loaded).toMatchObject({ title: '调档函 "寄到" 哪里？ 急', category: 'general', updated: '2026-11-25', contact: '人事秘书 王老师' });
      expect(loaded.body).toContain('答：寄到人事处档案室。');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
