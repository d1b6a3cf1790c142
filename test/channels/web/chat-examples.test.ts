import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR } from '../../../src/app.js';
import { ChatExamples } from '../../../src/channels/web/chat-examples.js';
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.js';
import { loadTemplates } from '../../../src/prompts/templates.js';
import { listedAnswerer } from '../../answer/listed-answerer.js';

const templates = loadTemplates(DEFAULT_PROMPTS_DIR);

/** Examples over a fake index with documents of `categories`, and an answerer that answers what `answers` lists. */
function examples(options: { categories: string[]; chunks?: Array<{ category: string; text: string }>; answers: Set<string>; max?: number }) {
  let index = { documents: options.categories.map((category) => ({ category })), chunks: options.chunks ?? [] };
  const { answerer, asked } = listedAnswerer(options.answers, '…');
  const knowledge = { current: () => index } as unknown as KnowledgeBase;
  return {
    examples: new ChatExamples({ knowledge, answerer, templates, max: options.max }),
    asked,
    reload: () => void (index = { ...index }),
  };
}

describe('the questions the empty chat page offers', () => {
  it('offers one question per category the knowledge base has documents for, the first the bot answers', async () => {
    const { examples: e } = examples({ categories: ['checkin', 'housing'], answers: new Set(['集中报到是哪几天？', '周转公寓怎么申请？']) });
    expect(await e.list()).toEqual([
      { category: 'checkin', label: '报到', question: '集中报到是哪几天？' },
      { category: 'housing', label: '住房', question: '周转公寓怎么申请？' },
    ]);
  });

  it('falls back to a question from the category’s FAQ lines, and leaves out a category it cannot answer', async () => {
    const chunks = [{ category: 'archives', text: '**问：档案转递需要多长时间？**\n答：一般两周。' }];
    const { examples: e } = examples({ categories: ['archives', 'payroll'], chunks, answers: new Set(['档案转递需要多长时间？']) });
    expect(await e.list()).toEqual([{ category: 'archives', label: '档案', question: '档案转递需要多长时间？' }]);
  });

  it('stops at the most it may show, and works the list out once per index', async () => {
    const { examples: e, asked, reload } = examples({ categories: ['checkin', 'housing'], answers: new Set(['报到要带什么材料？', '周转公寓怎么申请？']), max: 1 });
    expect((await e.list()).map((x) => x.question)).toEqual(['报到要带什么材料？']);
    await e.list();
    expect(asked).toEqual(['报到要带什么材料？']);
    reload();
    await e.list();
    expect(asked).toHaveLength(2);
  });
});
