import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { suggestReply } from '../../src/escalation/suggested-reply.js';
import type { Ticket } from '../../src/escalation/ticket-store.js';
import { loadTemplates } from '../../src/prompts/templates.js';

const templates = loadTemplates(DEFAULT_PROMPTS_DIR);
const candidates = [
  { path: 'housing/apartment.md', title: '周转公寓管理办法', heading: '第五条', score: 0.6 },
  { path: 'housing/subsidy.md', title: '租房补贴发放说明', score: 0.4 },
];
const documents: Record<string, string> = {
  'housing/apartment.md': '第五条 入住时缴纳押金，\n押金为一个月租金。退房时无息退还。',
  'housing/subsidy.md': '租房补贴按月发放，每月 800 元。',
};
const ticket = (over: Partial<Ticket>) => ({ reason: 'low_confidence', candidates, draft: '押金为一个月租金。每月 800 元。', ...over }) as Ticket;

describe('the reply the desk suggests to the secretary', () => {
  it('offers the draft with each sentence credited to the document that holds it, even across a line break', () => {
    const s = suggestReply(ticket({ draft: '入住时缴纳押金，押金为一个月租金。' }), (p) => documents[p] ?? '', templates)!;
    expect(s.sources).toEqual(['《周转公寓管理办法》 第五条']);
    expect(s.text).toContain('入住时缴纳押金，押金为一个月租金。');
    expect(s.text).toContain('《周转公寓管理办法》 第五条');
    expect(s.polished).toBe(false);
  });

  it('names every document the sentences come from, and offers nothing the documents no longer say', () => {
    expect(suggestReply(ticket({}), (p) => documents[p] ?? '', templates)!.sources).toEqual(['《周转公寓管理办法》 第五条', '《租房补贴发放说明》']);
    // No document holds it (any more): there is no source to name, and it may no longer be true.
    expect(suggestReply(ticket({ draft: '请联系人事处。' }), (p) => documents[p] ?? '', templates)).toBeUndefined();
  });

  it('offers nothing once a document says otherwise, however late in a sentence or short the sentence', () => {
    const rewritten = (from: string, to: string) => (p: string) => (documents[p] ?? '').replace(from, to);
    // The amount changed at the end of a long sentence.
    expect(suggestReply(ticket({}), rewritten('800 元', '900 元'), templates)).toBeUndefined();
    // "可以。" leading a yes/no answer, and the rule reversed.
    const faq = { 'faq.md': '答：可以。退房时无息退还押金。' } as Record<string, string>;
    const yes = ticket({ draft: '可以。退房时无息退还押金。', candidates: [{ path: 'faq.md', title: '常见问题', score: 0.5 }] });
    expect(suggestReply(yes, (p) => faq[p] ?? '', templates)?.sources).toEqual(['《常见问题》']);
    expect(suggestReply(yes, (p) => (faq[p] ?? '').replace('可以', '不可以').replace('无息退还', '不退还'), templates)).toBeUndefined();
  });

  it('offers nothing for a request for a person, a personal case or a complaint, nor without a draft or candidates', () => {
    const text = (p: string) => documents[p] ?? '';
    expect(suggestReply(ticket({ reason: 'human_request' }), text, templates)).toBeUndefined();
    expect(suggestReply(ticket({ reason: 'personal_case' }), text, templates)).toBeUndefined();
    expect(suggestReply(ticket({ reason: 'complaint' }), text, templates)).toBeUndefined();
    expect(suggestReply(ticket({ draft: '  ' }), text, templates)).toBeUndefined();
    expect(suggestReply(ticket({ candidates: [] }), text, templates)).toBeUndefined();
  });
});
