import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { securityHeaders, staticPages } from '../../../src/channels/web/static-pages.js';

const site = new Hono().use('*', securityHeaders).route('/', staticPages);

describe('the pages and their assets', () => {
  it('serves each page as HTML that loads only assets that exist, each with its type', async () => {
    for (const page of ['/', '/console', '/admin']) {
      const res = await site.request(page);
      expect(res.headers.get('content-type'), page).toMatch(/^text\/html/);
      const html = await res.text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets.length, page).toBeGreaterThan(0);
      for (const asset of assets) {
        const got = await site.request(asset);
        expect(got.status, asset).toBe(200);
        expect(got.headers.get('content-type'), asset).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : asset.endsWith('.css') ? /^text\/css/ : /^image\/svg\+xml/);
        expect(got.headers.get('cache-control'), asset).toBe('no-cache');
      }
    }
  });

  it('answers 404 for an asset it does not have, and sends /favicon.ico to the SVG icon', async () => {
    expect((await site.request('/assets/missing.js')).status).toBe(404);
    const icon = await site.request('/favicon.ico');
    expect(icon.status).toBe(301);
    expect(icon.headers.get('location')).toBe('/assets/favicon.svg');
  });

  it('forbids inline scripts and framing', async () => {
    const res = await site.request('/');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
