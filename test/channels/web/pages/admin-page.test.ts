import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_HTML, ADMIN_JS } from '../../../../src/channels/web/pages/admin-page.js';
import { COMMON_JS } from '../../../../src/channels/web/pages/layout.js';
import { MAX_BINARY_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES, SUPPORTED_EXTENSIONS } from '../../../../src/knowledge/loaders/loader.js';
import { DESKTOP, HAVE_CHROMIUM, PHONE, screenshot, servedInChromium } from '../chromium.js';
import { ADMIN_PASSWORD, startWebFixture, type WebFixture } from '../web-fixture.js';
import { itShipsASoundScript, missingIds } from './markup.js';

describe.skipIf(!HAVE_CHROMIUM)('the admin page in headless Chromium', () => {
  let fx: WebFixture;
  let browser: Browser;

  servedInChromium(startWebFixture, (served, connected) => {
    [fx, browser] = [served, connected];
  });

  async function signIn(options = DESKTOP): Promise<Page> {
    const page = await (await browser.newContext(options)).newPage();
    await page.goto(`${fx.server.url}/admin`);
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#summary', { hasText: '篇文档' }).waitFor();
    return page;
  }

  it('says how many documents did not load and why, never a plain success over skipped files', async () => {
    await writeFile(join(fx.knowledgeDir, 'general', 'bus.md'), '---\ntitle: 班车\nupdated: 下周\n---\n\n# 班车\n\n七点发车。\n');
    await writeFile(join(fx.knowledgeDir, 'general', 'gym.md'), '---\ntitle: "体育馆\n---\n\n# 体育馆\n\n在东区。\n');
    const page = await signIn();
    await page.getByRole('button', { name: '重新加载', exact: true }).click();
    const head = page.locator('#report p').first();
    await head.waitFor();
    expect(await head.textContent()).toMatch(/^已加载 \d+ 篇文档（\d+ 个片段），用时 [\d.]+ 秒；2 篇文档未加载，原因如下：$/);
    expect(await head.getAttribute('class')).toBe('error');
    expect(await page.locator('#report li').allTextContents()).toEqual([
      'general/bus.md 第 3 行：“日期 updated”应是 2025-07-08 这样真实存在的日期（未加载）',
      'general/gym.md 第 2 行：引号没有闭合（未加载）',
    ]);
    expect(await page.locator('#report').textContent()).not.toMatch(/完成|front matter|expected/);
    await screenshot(page, 'admin-reload-skipped-desktop.png', { fullPage: true });
    await page.context().close();
  });

  it('shows the synonyms, points at the line of a mistake, and saves a good list', async () => {
    const page = await signIn();
    const box = page.getByLabel('knowledge/synonyms.yaml');
    await expect.poll(() => box.inputValue()).toMatch(/附属小学: 附小/);
    await page.locator('#synonyms-count', { hasText: '当前生效' }).waitFor();
    const good = await box.inputValue();

    await box.fill('开放时间: [开门, 开馆]\n附属小学: "附小\n');
    await page.getByRole('button', { name: '保存并生效' }).click();
    await page.locator('#synonyms-result.error').waitFor();
    expect(await page.locator('#synonyms-result').textContent()).toBe('没有保存：synonyms.yaml 第 2 行：引号没有闭合');
    // The cursor is put on the line named, for the admin to fix.
    expect(await box.evaluate((t: HTMLTextAreaElement) => t.value.slice(t.selectionStart, t.selectionEnd))).toBe('附属小学: "附小');
    await screenshot(page, 'admin-synonyms-error.png', { fullPage: true });

    await box.fill(`${good}开放时间: [开门, 开馆]\n`);
    await page.getByRole('button', { name: '保存并生效' }).click();
    await page.locator('#synonyms-result.ok').waitFor();
    expect(await page.locator('#synonyms-result').textContent()).toMatch(/^已保存，\d+ 个口语说法已生效。$/);
    expect(fx.app.knowledge.synonyms).toEqual(expect.arrayContaining([{ from: '开馆', to: '开放时间' }]));
    await page.locator('#synonyms-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-synonyms.png');
    await page.context().close();
  });

  it('fits a phone, with the questions still to answer', async () => {
    const asked = await fetch(`${fx.server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'admin-page-test-01', text: '学校游泳馆几点开放' }),
    });
    expect((await asked.json()).escalated).toBe(true);
    const page = await signIn(PHONE);
    await page.locator('#gaps td', { hasText: '学校游泳馆几点开放' }).waitFor();
    await screenshot(page, 'admin-phone.png', { fullPage: true });
    await page.context().close();
  });
});

describe('the admin page\'s markup and script', () => {
  it('has every element its labels, ARIA attributes and scripts name', () => {
    expect(missingIds(ADMIN_HTML, COMMON_JS, ADMIN_JS)).toEqual([]);
  });

  itShipsASoundScript(ADMIN_JS);

  it('offers for upload every format the loader reads (.htm and .markdown too) and no other, and states the loader\'s size limits', () => {
    const accepted = /accept="([^"]+)"/.exec(ADMIN_HTML)![1]!.split(',');
    expect(accepted.sort()).toEqual([...SUPPORTED_EXTENSIONS].sort());
    expect(ADMIN_HTML).toContain(`.html（最大 ${MAX_DOCUMENT_BYTES / 1048576} MiB）`);
    expect(ADMIN_HTML).toContain(`Excel（.xlsx）文件（最大 ${MAX_BINARY_DOCUMENT_BYTES / 1048576} MiB）`);
  });
});
