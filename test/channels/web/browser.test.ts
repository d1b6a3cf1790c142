import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, PLACE, screenshot, servedInChromium } from './chromium.js';
import { ADMIN_PASSWORD, SECRETARY_PASSWORD, startWebFixture, type WebFixture } from './web-fixture.js';

describe.skipIf(!HAVE_CHROMIUM)('the web pages in headless Chromium', () => {
  let fx: WebFixture;
  let browser: Browser;

  servedInChromium(startWebFixture, (served, connected) => {
    [fx, browser] = [served, connected];
  });

  it('a new staff question escalates, the secretary answers in the console, and the asker sees the answer', async () => {
    const askerContext = await browser.newContext({ ...PLACE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const asker = await askerContext.newPage();
    await asker.goto(`${fx.server.url}/`);
    await expect(asker.title()).resolves.toBe('新教职工入职问答 · 人事处');

    await asker.getByLabel('你的问题').fill('报到要带什么材料');
    await asker.getByRole('button', { name: '发送' }).click();
    const answer = asker.locator('#log li.bot .reply').first();
    await answer.waitFor();
    expect(await answer.textContent()).toMatch(/报到/);
    const link = asker.locator('#log .source a').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);

    await asker.getByLabel('你的问题').fill('帮我查下我的档案到了没有');
    await asker.getByLabel('你的问题').press('Enter');
    const ticketLabel = asker.locator('#log li.escalated .ticket');
    await ticketLabel.waitFor();
    const ticketId = /#([A-Z0-9]+)/.exec((await ticketLabel.textContent()) ?? '')?.[1];
    expect(ticketId).toBeDefined();
    await screenshot(asker, 'web-chat.png', { fullPage: true });

    const secretary = await (await browser.newContext({ ...PLACE, viewport: { width: 1280, height: 900 } })).newPage();
    await secretary.goto(`${fx.server.url}/console`);
    await secretary.getByLabel('密码').fill(SECRETARY_PASSWORD);
    await secretary.getByRole('button', { name: '登录' }).click();
    const card = secretary.locator(`article.ticket[data-ticket="${ticketId}"]`);
    await card.waitFor();
    expect(await card.locator('.question').textContent()).toBe('帮我查下我的档案到了没有');
    await screenshot(secretary, 'web-console.png', { fullPage: true });
    await card.getByLabel('答复（将转给提问人）').fill('你的档案已于昨天寄到人事处，审核后会通知你。');
    await card.getByRole('button', { name: '答复', exact: true }).click();
    await secretary.locator('#status', { hasText: `#${ticketId}` }).waitFor();
    await secretary.locator(`#done-list article[data-ticket="${ticketId}"]`).waitFor();
    await screenshot(secretary, 'web-console-answered.png', { fullPage: true });

    const relayed = asker.locator('#log li.relay .relay-text');
    await relayed.waitFor();
    expect(await relayed.textContent()).toMatch(/你的档案已于昨天寄到人事处，审核后会通知你。/);
    await screenshot(asker, 'web-chat-relayed.png', { fullPage: true });
    await askerContext.close();
  });

  it('fills the answer box with the reply the bot did not trust and its sources, marked for checking, on a desktop and a phone', async () => {
    const askerContext = await browser.newContext({ ...PLACE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const asker = await askerContext.newPage();
    await asker.goto(`${fx.server.url}/`);
    await asker.getByLabel('你的问题').fill('调档函怎么开？');
    await asker.getByRole('button', { name: '发送' }).click();
    const ticketLabel = asker.locator('#log li.escalated .ticket');
    await ticketLabel.waitFor();
    const ticketId = /#([A-Z0-9]+)/.exec((await ticketLabel.textContent()) ?? '')?.[1];
    const draft = fx.app.tickets.get(ticketId!)?.draft;
    expect(draft).toBeTruthy();
    await askerContext.close();

    for (const [name, viewport] of [['web-console-draft.png', { width: 1280, height: 900 }], ['web-console-draft-phone.png', { width: 390, height: 844 }]] as const) {
      const context = await browser.newContext({ ...PLACE, viewport });
      const secretary = await context.newPage();
      await secretary.goto(`${fx.server.url}/console`);
      await secretary.getByLabel('密码').fill(SECRETARY_PASSWORD);
      await secretary.getByRole('button', { name: '登录' }).click();
      const card = secretary.locator(`article.ticket[data-ticket="${ticketId}"]`);
      await card.waitFor();
      // The draft, then the documents its sentences come from, for the secretary to check.
      const box = card.getByLabel('答复（已填入建议答复和依据，请核对修改后再发）');
      const value = await box.inputValue();
      expect(value.startsWith(`${draft}\n（依据：《`)).toBe(true);
      await card.scrollIntoViewIfNeeded();
      await screenshot(secretary, name, { fullPage: true });
      await context.close();
    }
  });

  it('the admin page shows the status, reloads, checks an upload before saving it, and lists unanswered questions', async () => {
    const asked = await fetch(`${fx.server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'browser-test-swimmer', text: '学校游泳馆几点开放' }),
    });
    expect((await asked.json()).escalated).toBe(true);
    const admin = await (await browser.newContext({ ...PLACE, viewport: { width: 1280, height: 900 } })).newPage();
    await admin.goto(`${fx.server.url}/admin`);
    await admin.getByLabel('密码').fill('wrong-password');
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.locator('#signin-error', { hasText: '密码不对' }).waitFor();
    await admin.getByLabel('密码').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.locator('#summary', { hasText: '篇文档' }).waitFor();
    await admin.locator('#stats', { hasText: '今天' }).waitFor();
    await admin.locator('#gaps td', { hasText: '学校游泳馆几点开放' }).waitFor();
    await admin.getByRole('button', { name: '重新加载', exact: true }).click();
    await admin.locator('#report .ok', { hasText: '全部文档都已加载' }).waitFor();

    const broken = '---\ntitle: "班车\ncategory: general\n---\n\n# 班车\n\n正文。\n';
    await admin.getByLabel('文件').setInputFiles({ name: 'bus.md', mimeType: 'text/markdown', buffer: Buffer.from(broken) });
    await admin.getByLabel('保存为（knowledge/ 下的路径）').fill('general/bus.md');
    await admin.getByRole('button', { name: '上传并重新加载' }).click();
    await admin.locator('#upload-result.error', { hasText: 'general/bus.md' }).waitFor();
    expect(await admin.locator('#upload-result').textContent()).toBe('没有保存：general/bus.md 第 2 行：引号没有闭合');
    const good = '---\ntitle: 班车时刻\ncategory: shuttle\n---\n\n# 班车时刻\n\n校区班车每天早上七点从东门发车。\n';
    await admin.getByLabel('文件').setInputFiles({ name: 'bus.md', mimeType: 'text/markdown', buffer: Buffer.from(good) });
    await admin.getByRole('button', { name: '上传并重新加载' }).click();
    await admin.locator('#upload-result.ok', { hasText: '已保存 general/bus.md' }).waitFor();
    await admin.locator('#report p', { hasText: '新增：general/bus.md' }).waitFor();
    expect(await admin.locator('#report p').first().getAttribute('class')).toBe('warn');
    await admin.locator('#report li.warn', { hasText: 'general/bus.md 第 3 行：分类“shuttle”不认识，已按 general（综合）加载' }).waitFor();
    await screenshot(admin, 'web-admin.png', { fullPage: true });
  });
});
