import { describe, expect, it } from 'vitest';
import { COMMON_JS, page, signInForm } from '../../../../src/channels/web/pages/layout.js';
import type { EscalationReason } from '../../../../src/core/types.js';
import { commonHelpers, idsIn, idsReferred, parseScript } from './markup.js';

describe('the page layout', () => {
  it('gives a page its title and language, the shared style and script, then its own', () => {
    const html = page({ title: '测试页面', script: 'test.js', body: '<main id="main">正文</main>' });
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<title>测试页面</title>');
    expect(html.indexOf('src="/assets/common.js"')).toBeLessThan(html.indexOf('src="/assets/test.js"'));
    expect(html).toContain('<body class="narrow">');
    expect([...html.matchAll(/rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/assets/app.css']);
  });

  it('adds a page\'s own stylesheet and the wide layout only when asked', () => {
    const html = page({ title: '宽页面', script: 'wide.js', style: 'wide.css', wide: true, body: '' });
    expect([...html.matchAll(/rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/assets/app.css', '/assets/wide.css']);
    expect(html).toContain('<body class="wide">');
  });

  it('opens every page with a link that skips to its content, for keyboard users', () => {
    expect(page({ title: 't', script: 's.js', body: '<main id="main"></main>' })).toMatch(/<body[^>]*>\n<a class="skip" href="#main">跳到正文<\/a>/);
  });

  it('names the role in the sign-in form and ties each label to its field', () => {
    const form = signInForm('人事秘书');
    expect(form).toContain('<h2 id="signin-title">人事秘书登录</h2>');
    expect(idsReferred(form)).toEqual(['signin-title', 'user', 'user-hint', 'password']);
    for (const id of idsReferred(form)) expect(idsIn(form), id).toContain(id);
    expect(form).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password" required>/);
    expect(form).toMatch(/<p id="signin-error" class="error" role="alert">/);
  });

  it('shares a script that parses, and that links only web addresses', () => {
    parseScript(COMMON_JS);
    const { isHttpUrl } = commonHelpers() as { isHttpUrl: (u: unknown) => boolean };
    expect(isHttpUrl('https://hr.example.edu/baodao.html')).toBe(true);
    expect(isHttpUrl('HTTP://hr.example.edu/')).toBe(true);
    for (const unsafe of ['javascript:alert(1)', 'data:text/html,x', '/local/path', undefined]) expect(isHttpUrl(unsafe), String(unsafe)).toBe(false);
  });

  it('names every escalation reason in Chinese', () => {
    // A Record over the type: a new reason fails to compile here until it is listed.
    const reasons: Record<EscalationReason, true> = { low_confidence: true, no_match: true, human_request: true, personal_case: true, complaint: true };
    const { REASONS } = commonHelpers() as { REASONS: Record<string, string> };
    for (const reason of Object.keys(reasons)) expect(REASONS[reason], reason).toMatch(/^\p{Script=Han}+$/u);
  });
});
