import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHAT_HTML, CHAT_JS } from '../../../../src/channels/web/pages/chat-page.js';
import { DESKTOP, HAVE_CHROMIUM, PHONE, screenshot, servedInChromium, ZOOM_200 } from '../chromium.js';
import { Client, startWebFixture, type WebFixture } from '../web-fixture.js';
import { itShipsASoundScript, missingIds } from './markup.js';

async function ask(page: Page, text: string) {
  const before = await page.locator('#log > li.bot:not(.muted)').count();
  await page.getByLabel('你的问题').fill(text);
  await page.getByLabel('你的问题').press('Enter');
  const item = page.locator('#log > li.bot:not(.muted)').nth(before);
  await item.locator('.reply').waitFor();
  return item;
}

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
}

describe.skipIf(!HAVE_CHROMIUM)('the staff chat page in headless Chromium', () => {
  let fx: WebFixture;
  let browser: Browser;

  servedInChromium(startWebFixture, (served, connected) => {
    [fx, browser] = [served, connected];
  });

  it('an empty page says what the bot does and offers questions from the knowledge base that it answers', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/`);
    expect(await page.title()).toBe('新教职工入职问答 · 人事处');
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect((await fetch(fx.server.url + icon!)).headers.get('content-type')).toBe('image/svg+xml');
    await expect(page.locator('#intro h2').textContent()).resolves.toMatch(/注明出处.*拿不准的问题会转给人事秘书/);
    const examples = page.locator('#examples button');
    await examples.first().waitFor();
    const count = await examples.count();
    expect(count).toBeGreaterThanOrEqual(3);
    const labels = await page.locator('#examples .cat').allTextContents();
    expect(new Set(labels).size).toBe(count);
    await noSidewaysScroll(page);
    await screenshot(page, 'chat-empty-phone.png', { fullPage: true });

    await examples.first().click();
    const answer = page.locator('#log > li.bot:not(.muted)').first();
    await answer.locator('.source').waitFor();
    expect(await answer.getAttribute('class')).not.toMatch(/escalated/);
    await expect(page.locator('#intro').isHidden()).resolves.toBe(true);
    await context.close();
  });

  it('shows one source line with the title as a link and its date, and no raw address in the answer', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/`);
    const item = await ask(page, '报到要带什么材料');
    const line = item.locator('.source');
    await line.waitFor();
    expect(await line.count()).toBe(1);
    expect(await line.textContent()).toMatch(/^来源：《.+》( · \d{4}-\d{2}-\d{2} 更新)?$/);
    expect(await item.locator('.reply').textContent()).not.toMatch(/https?:\/\/|来源：/);
    const link = line.locator('a');
    if (await link.count()) expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);
    await screenshot(page, 'chat-answer-desktop.png', { fullPage: true });
    // A reply quoting two documents names the second under one plain label, not a second word for "source".
    const two = await ask(page, '医保卡什么时候能用？');
    await two.locator('ul.sources li').first().waitFor();
    expect(await two.locator('p.muted').allTextContents()).toContain('也引自：');
    expect(await two.textContent()).not.toContain('出处');
    await context.close();
  });

  it('lists no related documents under a request for a person or a complaint', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/`);
    for (const text of ['我要转人工', '你们的办事效率太差了，我要投诉']) {
      const item = await ask(page, text);
      await item.locator('.ticket').waitFor();
      expect(await item.locator('details, .sources, .source').count()).toBe(0);
    }
    await context.close();
  });

  it('keeps the conversation and the asker’s tickets across a reload and a closed tab, and clears them on request', async () => {
    const context = await browser.newContext(PHONE);
    let page = await context.newPage();
    await page.goto(`${fx.server.url}/`);
    await ask(page, '报到要带什么材料');
    const escalated = await ask(page, '帮我查下我的档案到了没有');
    const ticketId = /#([A-Z0-9]+)/.exec((await escalated.locator('.ticket').textContent()) ?? '')![1]!;

    const secretary = new Client(fx.server.url);
    await secretary.login('secretary');
    expect((await secretary.post(`/api/tickets/${ticketId}/answer`, { answer: '你的档案已经寄到人事处了。' })).status).toBe(200);
    await page.locator('#log li.relay', { hasText: '你的档案已经寄到人事处了。' }).waitFor();
    const shown = await page.locator('#log > li').allTextContents();

    await page.reload();
    await page.locator('#log li.relay').waitFor();
    expect(await page.locator('#log > li').allTextContents()).toEqual(shown);
    await page.close();

    page = await context.newPage();
    await page.goto(`${fx.server.url}/`);
    await page.locator('#log li.relay').waitFor();
    expect(await page.locator('#log > li').allTextContents()).toEqual(shown);
    await page.getByRole('button', { name: '我的问题' }).click();
    const mine = page.locator(`#mine-list li[data-ticket="${ticketId}"]`);
    await mine.locator('.answer').waitFor();
    expect(await mine.textContent()).toMatch(new RegExp(`已答复#${ticketId}.*帮我查下我的档案到了没有秘书答复：你的档案已经寄到人事处了。`));

    // Closed without an answer, the ticket says what that means; the asker was told nothing else.
    const closing = await ask(page, '我的工资卡绑定的是哪个银行，帮我查一下');
    const closedId = /#([A-Z0-9]+)/.exec((await closing.locator('.ticket').textContent()) ?? '')![1]!;
    expect((await secretary.post(`/api/tickets/${closedId}/close`, {})).status).toBe(200);
    await page.getByRole('button', { name: '我的问题' }).click();
    await page.getByRole('button', { name: '我的问题' }).click();
    const closed = page.locator(`#mine-list li[data-ticket="${closedId}"]`);
    await closed.locator('.muted', { hasText: '没有留下答复' }).waitFor();
    expect(await closed.textContent()).toMatch(/已关闭.*如果仍需要帮助，请重新提问。/);
    await screenshot(page, 'chat-mine-phone.png', { fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '清除记录' }).click();
    expect(await page.locator('#log > li').count()).toBe(0);
    await expect(page.locator('#intro').isVisible()).resolves.toBe(true);
    expect(await page.locator('#mine-list li').count()).toBe(0);
    await page.reload();
    await page.locator('#examples button').first().waitFor();
    expect(await page.locator('#log > li').count()).toBe(0);
    await context.close();
  });

  it('says a message is too long before sending it, and keeps the text in the box to shorten, as it does a question that could not be sent', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/`);
    await page.locator('#examples button').first().waitFor();
    const long = '请问报到的时候需要带哪些材料，'.repeat(40);
    await page.getByLabel('你的问题').fill(long);
    await page.getByLabel('你的问题').press('Enter');
    await page.locator('#log li.bot.error', { hasText: '这条消息有点长（超过 500 字）' }).waitFor();
    expect(await page.getByLabel('你的问题').inputValue()).toBe(long);
    // Nothing went to the bot: no question bubble, nothing kept in the conversation.
    expect(await page.locator('#log li.me').count()).toBe(0);
    await screenshot(page, 'chat-too-long-phone.png');

    // A question that could not be sent comes back to the box, to send again without retyping it.
    await page.route('**/api/chat', (route) => route.abort());
    await page.getByLabel('你的问题').fill('工作证在哪里领？');
    await page.getByLabel('你的问题').press('Enter');
    await page.locator('#log li.bot.error', { hasText: '抱歉，暂时无法回答' }).waitFor();
    expect(await page.getByLabel('你的问题').inputValue()).toBe('工作证在哪里领？');
    await context.close();
  });

  it('is usable at 200 % zoom and from the keyboard, and announces new answers', async () => {
    const context = await browser.newContext(ZOOM_200);
    const page = await context.newPage();
    await page.goto(`${fx.server.url}/`);
    await page.locator('#examples button').first().waitFor();
    await noSidewaysScroll(page);
    await screenshot(page, 'chat-zoom-200.png');

    // Tab from the top reaches the tools, then the examples, then the question box.
    const reached: string[] = [];
    for (let i = 0; i < 12 && !reached.includes('question'); i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
    }
    expect(reached).toContain('mine-toggle');
    expect(reached).toContain('example');
    expect(reached.at(-1)).toBe('question');
    await page.keyboard.type('报到要带什么材料');
    await page.keyboard.press('Enter');
    await page.locator('#log .source').waitFor();
    expect(await page.locator('#log').getAttribute('aria-live')).toBe('polite');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    await noSidewaysScroll(page);
    await screenshot(page, 'chat-answer-zoom-200.png', { fullPage: true });
    await context.close();
  });
});

describe('the chat page\'s markup and script', () => {
  it('has every element its labels, ARIA attributes and script name', () => {
    expect(missingIds(CHAT_HTML, CHAT_JS)).toEqual([]);
  });

  itShipsASoundScript(CHAT_JS);

  it('asks the visitor to keep personal numbers out of their questions, before any is typed', () => {
    expect(CHAT_HTML).toContain('请不要在这里填写身份证号等个人信息');
    expect(CHAT_HTML.indexOf('身份证号')).toBeLessThan(CHAT_HTML.indexOf('id="question"'));
  });

  it('loads its own stylesheet and script, no inline script', () => {
    expect(CHAT_HTML).toContain('href="/assets/chat.css"');
    expect(CHAT_HTML).toContain('src="/assets/chat.js"');
    expect(CHAT_HTML).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });
});
