import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { sampleDataDir } from '../sample-index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('the shipped knowledge with its Word, PDF and Excel documents', () => {
  let app: App;
  let knowledgeDir: string;
  let dataDir: string;
  beforeAll(async () => {
    knowledgeDir = await mkdtemp(join(tmpdir(), 'office-kb-'));
    await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
    dataDir = await sampleDataDir('office');
    app = await createApp({ knowledgeDir, dataDir, env: {}, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    await rm(knowledgeDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loads the .docx, .pdf and .xlsx with their titles, dates and the categories their side files give', () => {
    const byPath = new Map(app.knowledge.current().documents.map((d) => [d.path, d]));
    expect(byPath.get('checkin/orientation_training_2025.docx')).toMatchObject({ format: 'docx', title: '2025年新进教职工岗前培训安排', category: 'checkin' });
    expect(byPath.get('general/trade_union_membership.pdf')).toMatchObject({ format: 'pdf', title: '青屿大学教职工工会入会须知', category: 'general' });
    expect(byPath.get('payroll/talent_allowance_and_startup_funds.xlsx')).toMatchObject({ format: 'xlsx', category: 'payroll' });
    expect(app.knowledge.current().warnings).toEqual([]);
  });

  it('answers a question only the Word attachment answers, citing it and its web page', async () => {
    const reply = await app.ask({ text: '岗前培训的结业考核在哪里考？', history: [], userId: 'web:newcomer' });
    expect(reply.escalated).toBe(false);
    expect(reply.reply).toContain('图书馆二楼机房');
    expect(reply.reply).toContain('《2025年新进教职工岗前培训安排》');
    expect(reply.reply).toContain('https://hr.qingyu-univ.example/tzgg/2025/0820-gangqianpeixun.html');
    expect(reply.sources[0]).toMatchObject({ path: 'checkin/orientation_training_2025.docx', title: '2025年新进教职工岗前培训安排' });
  });
});
