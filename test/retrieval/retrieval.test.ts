import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { createLogger } from '../../src/logging/logger.js';
import { createEmbeddings } from '../../src/retrieval/create-embeddings.js';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));

describe('hybrid retrieval over the sample knowledge base', () => {
  let knowledge: KnowledgeBase;
  let dataDir: string;
  let retriever: HybridRetriever;
  // The knowledge base and retriever alone, as the app builds them, without the chat machinery around them.
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'retrieval-'));
    const indexDir = join(dataDir, 'index');
    const log = createLogger({ level: 'silent' });
    const embeddings = await createEmbeddings({ model: 'bge-m3', timeoutMs: 15000 }, log, { indexDir, cacheFile: join(dataDir, 'cache.db') });
    knowledge = new KnowledgeBase({ knowledgeDir: KNOWLEDGE, indexDir, embeddings, log, clock: systemClock });
    await knowledge.open();
    retriever = new HybridRetriever({ snapshot: () => knowledge.current(), embeddings: knowledge.embeddings });
  });
  afterAll(async () => {
    await knowledge?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const documentsFor = async (text: string) => [...new Set((await retriever.search({ text })).map((p) => p.chunk.docPath))];

  // Questions of eval/shipped/questions.jsonl, worded the way another new colleague might.
  it.each([
    ['下礼拜报道 需要准备啥证件材料', 'checkin/checkin_notice_2025.md'],
    ['调挡函去哪里开 要不要本人到学校', 'archives/personnel_archive_transfer.md'],
    ['档案审核常见缺哪些东西', 'archives/archive_review_notes.md'],
    ['在哪里能看到每个月的工资条', 'payroll/salary_start_and_first_pay.md'],
    ['出差在外地看病要怎么备案', 'insurance/offsite_medical_filing.md'],
    ['博后住哪个公寓', 'general/postdoc_vs_faculty.md'],
  ])('%s → %s first', async (question, expected) => {
    expect((await documentsFor(question))[0]).toBe(expected);
  });

  it.each([
    ['上传到报道系统的附件最大能多大', 'checkin/online_checkin_platform_guide.md'],
    ['周转房的租金一平米多少', 'web/turnover_apartment_2025.html'],
    ['新来的老师去哪家医院体检', 'web/medical_exam_2025.html'],
    ['副教授每月能领多少租房补贴', 'housing/rent_subsidy_and_housing_fund.md'],
    ['统一身份认证一开始的密码是什么', 'general/it_accounts_campus_card.md'],
  ])('%s → %s in the top 3', async (question, expected) => {
    expect((await documentsFor(question)).slice(0, 3)).toContain(expected);
  });
});
