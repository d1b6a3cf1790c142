import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_HTML, CONSOLE_JS } from '../../../../src/channels/web/pages/console-page.js';
import { COMMON_JS } from '../../../../src/channels/web/pages/layout.js';
import { SqliteAccountStore } from '../../../../src/accounts/account-store.js';
import { OpenAiStub, userPromptOf } from '../../../answer/openai-stub.js';
import { DESKTOP, HAVE_CHROMIUM, PHONE, screenshot, servedInChromium } from '../chromium.js';
import { SECRETARY_PASSWORD, startWebFixture, type WebFixture } from '../web-fixture.js';
import { itShipsASoundScript, missingIds } from './markup.js';

const WANG = { user: 'wang', password: 'wang-pass-123' };
const ZHAO = { user: 'zhao', password: 'zhao-pass-456' };
const LONG_PATH = 'site/renshichu/tongzhigonggao/2026-nian-xin-jin-jiao-zhi-gong-ji-zhong-bao-dao-ji-ru-zhi-ti-jian-an-pai-de-tong-zhi-fu-jian-yi-lan-biao.docx';
const LONG_TITLE = '关于2026年新进教职工集中报到、入职体检、人事档案转递、住房申请及社会保险关系接续等事项安排的通知（附件：各学院联系人一览表）';

describe.skipIf(!HAVE_CHROMIUM)('the secretaries\' desk in headless Chromium', () => {
  let fx: WebFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function signIn(options: object, who: { user: string; password: string }): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/console`);
    await page.getByLabel('账号').fill(who.user);
    await page.getByLabel('密码').fill(who.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#who', { hasText: who.user === WANG.user ? '王老师 · 人事秘书' : 'zhao · 人事秘书' }).waitFor();
    return page;
  }

  async function ask(user: string, text: string): Promise<string> {
    const res = await fetch(`${fx.server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, text }) });
    const body = await res.json();
    expect(body.escalated).toBe(true);
    return body.ticketId as string;
  }

  /** Nothing is wider than the screen: no sideways scrolling, and every card holds its text. */
  async function expectNoOverflow(page: Page): Promise<void> {
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      cards: Array.from(document.querySelectorAll('.card')).filter((c) => c.scrollWidth > c.clientWidth + 1).length,
    }));
    expect(overflow).toEqual({ page: 0, cards: 0 });
  }

  servedInChromium(startWebFixture, async (served, connected) => {
    [fx, browser] = [served, connected];
    const accounts = new SqliteAccountStore(join(fx.dataDir, 'tickets.db'));
    await accounts.add({ name: WANG.user, role: 'secretary', display: '王老师', password: WANG.password }, new Date());
    await accounts.add({ name: ZHAO.user, role: 'secretary', password: ZHAO.password }, new Date());
    accounts.dispose();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it('on a phone, wraps long paths and titles inside the card, claims with one thumb, and pre-fills the suggested reply', async () => {
    const nearMiss = await ask('visitor-desk-a-0123456789', '调档函怎么开？');
    const long = await fx.app.tickets.create(
      {
        id: 'LONG1', reason: 'low_confidence', channel: 'web', conversationId: 'visitor-desk-b-0123456789', askerId: 'web:visitor-desk-b-0123456789',
        isGroup: false, question: `${LONG_TITLE}里说的体检费用能报销吗？`, history: [],
        candidates: [{ path: LONG_PATH, title: LONG_TITLE, heading: '五、入职体检费用的报销办法和所需材料', score: 1, url: `https://hr.example.edu.cn/${LONG_PATH}` }],
      },
      fx.clock.now(),
    );
    const phone = await signIn(PHONE, WANG);
    const card = phone.locator(`article.ticket[data-ticket="${long.id}"]`);
    await card.waitFor();
    await card.locator('summary', { hasText: '候选资料' }).click();
    await expectNoOverflow(phone);
    await screenshot(card, 'desk-long-path-phone.png');

    const near = phone.locator(`article.ticket[data-ticket="${nearMiss}"]`);
    const box = near.getByLabel('答复（已填入建议答复和依据，请核对修改后再发）');
    const draft = fx.app.tickets.get(nearMiss)!.draft!;
    expect(await box.inputValue()).toMatch(new RegExp(`^${draft.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n（依据：《.+》`));
    await near.getByRole('button', { name: '我来处理' }).tap();
    await near.locator('.badge.mine', { hasText: '我在处理' }).waitFor();
    const button = await near.getByRole('button', { name: '不处理了' }).boundingBox();
    expect(button!.width).toBeGreaterThan(300);
    expect(button!.height).toBeGreaterThanOrEqual(44);
    await near.scrollIntoViewIfNeeded();
    await screenshot(phone, 'desk-claim-phone.png');

    // The bar at the bottom filters the list to this secretary's tickets, within a thumb's reach.
    const mine = phone.getByRole('button', { name: '我的' });
    expect((await mine.boundingBox())!.y).toBeGreaterThan(844 - 90);
    await mine.tap();
    await expect.poll(() => phone.locator('#open-list article.ticket').count()).toBe(1);
    await screenshot(phone, 'desk-mine-phone.png');
    await phone.getByRole('button', { name: '全部' }).tap();
  });

  it('on a desktop, another secretary sees who has a ticket and answers it only after confirming', async () => {
    const ticketId = await ask('visitor-desk-c-0123456789', '帮我查下我的档案到了没有');
    const phone = await signIn(PHONE, WANG);
    await phone.locator(`article.ticket[data-ticket="${ticketId}"]`).getByRole('button', { name: '我来处理' }).tap();
    await phone.locator(`article.ticket[data-ticket="${ticketId}"] .badge.mine`).waitFor();

    const desk = await signIn(DESKTOP, ZHAO);
    const card = desk.locator(`article.ticket[data-ticket="${ticketId}"]`);
    await card.locator('.claimed-by', { hasText: '王老师 在处理' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(desk, 'desk-claim-desktop.png', { fullPage: true });

    // Spaces alone are refused in the card, in Chinese, before anything is sent.
    await card.getByLabel('答复（将转给提问人）').fill('   ');
    await card.getByRole('button', { name: '答复', exact: true }).click();
    await card.locator('.error', { hasText: '请先写上答复内容。' }).waitFor();
    await screenshot(card, 'desk-empty-answer-desktop.png');

    const dialogs: string[] = [];
    desk.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await card.getByLabel('答复（将转给提问人）').fill('档案已到，请周五来签字。');
    await card.getByRole('button', { name: '答复', exact: true }).click();
    await card.locator('.error', { hasText: '已由 王老师 在处理' }).waitFor();
    expect(dialogs[0]).toMatch(new RegExp(`工单 #${ticketId} 已由 王老师 在处理.*仍要由你来答复吗？`));
    expect(fx.app.tickets.get(ticketId)?.status).toBe('open');

    desk.once('dialog', (d) => void d.accept());
    await card.getByRole('button', { name: '答复', exact: true }).click();
    await desk.locator(`#done-list article[data-ticket="${ticketId}"] .answered-by`, { hasText: 'zhao' }).waitFor();
    expect(fx.app.tickets.get(ticketId)).toMatchObject({ status: 'answered', answeredBy: 'web:zhao' });
  });

  it('when two secretaries answer at once, one answer goes out and the other is told plainly', async () => {
    const ticketId = await ask('visitor-desk-d-0123456789', '帮我看看我的入职体检报告出来没有');
    const [phone, desk] = await Promise.all([signIn(PHONE, WANG), signIn(DESKTOP, ZHAO)]);
    const cards = [phone, desk].map((p) => p.locator(`article.ticket[data-ticket="${ticketId}"]`));
    await Promise.all(cards.map((c) => c.waitFor()));
    await cards[0]!.getByLabel('答复（将转给提问人）').fill('王老师：报告已出，请来人事处领取。');
    await cards[1]!.getByLabel('答复（将转给提问人）').fill('赵老师：报告已出。');
    await Promise.all(cards.map((c) => c.getByRole('button', { name: '答复', exact: true }).click()));
    await Promise.all([phone, desk].map((p) => p.locator(`#done-list article[data-ticket="${ticketId}"]`).waitFor()));
    const statuses = await Promise.all([phone, desk].map((p) => p.locator('#status').textContent()));
    expect(statuses.filter((s) => s?.startsWith('你的操作没有生效：') && s.includes(`工单 #${ticketId} 已经处理过了`))).toHaveLength(1);
    const inbox = await (await fetch(`${fx.server.url}/api/chat/inbox?user=visitor-desk-d-0123456789&after=0&wait=0`)).json();
    expect(inbox.messages).toHaveLength(1);
    const loser = statuses[0]!.startsWith('你的操作没有生效') ? phone : desk;
    await screenshot(loser, loser === phone ? 'desk-race-lost-phone.png' : 'desk-race-lost-desktop.png', { fullPage: loser !== phone });
  });

  it('tells a secretary how long to wait after too many wrong passwords, in plain words', async () => {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/console`);
    await page.getByLabel('账号').fill('zhao');
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('密码').fill(`wrong-${i}`);
      await page.getByRole('button', { name: '登录' }).click();
      await page.locator('#signin-error', { hasText: /账号或密码不对|尝试次数过多/ }).waitFor();
      if ((await page.locator('#signin-error').textContent())?.startsWith('尝试次数过多')) break;
    }
    expect(await page.locator('#signin-error').textContent()).toMatch(/^尝试次数过多，请 \d+ 秒后再试。$/);
    await expectNoOverflow(page);
    await screenshot(page, 'desk-signin-throttled-phone.png');
  });
});

describe.skipIf(!HAVE_CHROMIUM)('the suggested reply in headless Chromium, with a language model', () => {
  let fx: WebFixture;
  let stub: OpenAiStub;
  let browser: Browser;
  const POLISHED = '您好！集中报到在8月25日至29日，地点是明德楼一楼人事服务大厅。';

  beforeAll(async () => {
    stub = await OpenAiStub.start();
    // Answering calls fail (questions go the offline way); the polishing call gets a reworded reply.
    stub.script = (r) => (userPromptOf(r).includes('<draft>') ? { content: POLISHED } : { status: 500 });
  });
  servedInChromium(
    () => startWebFixture({}, { llm: { baseUrl: stub.baseUrl, model: 'stub-chat', timeoutMs: 2000 } }),
    (served, connected) => {
      [fx, browser] = [served, connected];
    },
  );
  afterAll(async () => {
    await stub?.close();
  });

  it('replaces the offline suggestion with the reworded one, keeping its sources, and says so', async () => {
    const asked = await fetch(`${fx.server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'visitor-polish-browser-0123456789', text: '调档函怎么开？' }),
    });
    const ticketId = (await asked.json()).ticketId as string;
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/console`);
    await page.getByLabel('密码').fill(SECRETARY_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    const card = page.locator(`article.ticket[data-ticket="${ticketId}"]`);
    await card.locator('.suggestion-note', { hasText: '建议答复已由大模型润色，请核对。' }).waitFor();
    expect(await card.getByLabel('答复（已填入建议答复和依据，请核对修改后再发）').inputValue()).toMatch(new RegExp(`^${POLISHED}\\n（依据：《`));
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'desk-suggestion-polished-desktop.png');
    await context.close();
  });
});

describe('the desk\'s markup and script', () => {
  it('has every element its labels, ARIA attributes and scripts name', () => {
    expect(missingIds(CONSOLE_HTML, COMMON_JS, CONSOLE_JS)).toEqual([]);
  });

  itShipsASoundScript(CONSOLE_JS);

  it('has a filter in the script for each filter button, all tickets pressed at first', () => {
    const filters = [...CONSOLE_HTML.matchAll(/data-filter="(\w+)" aria-pressed="(true|false)"/g)].map((m) => ({ name: m[1]!, pressed: m[2] }));
    expect(filters).toEqual([{ name: 'all', pressed: 'true' }, { name: 'free', pressed: 'false' }, { name: 'mine', pressed: 'false' }]);
    for (const { name } of filters) expect(CONSOLE_JS, name).toMatch(new RegExp(`\\b${name}: function`));
  });
});
