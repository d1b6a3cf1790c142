import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ADMIN_HTML, ADMIN_JS } from './pages/admin-page.js';
import { ADMIN_SYNC_JS } from './pages/admin-sync.js';
import { CHAT_CSS, CHAT_HTML, CHAT_JS } from './pages/chat-page.js';
import { CONSOLE_HTML, CONSOLE_JS } from './pages/console-page.js';
import { CONSOLE_CSS } from './pages/console-style.js';
import { COMMON_JS, CSS, FAVICON_SVG } from './pages/layout.js';

// The pages load their scripts and styles from /assets, never inline, so 'self' is all they need.
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
  },
  xFrameOptions: 'DENY',
  // HTTPS is the proxy's business (web.secureCookies); the bot itself is often reached over plain HTTP.
  strictTransportSecurity: false,
});

const ASSETS: Record<string, { type: string; body: string }> = {
  'app.css': { type: 'text/css; charset=utf-8', body: CSS },
  'console.css': { type: 'text/css; charset=utf-8', body: CONSOLE_CSS },
  'common.js': { type: 'text/javascript; charset=utf-8', body: COMMON_JS },
  'chat.js': { type: 'text/javascript; charset=utf-8', body: CHAT_JS },
  'chat.css': { type: 'text/css; charset=utf-8', body: CHAT_CSS },
  'favicon.svg': { type: 'image/svg+xml', body: FAVICON_SVG },
  'console.js': { type: 'text/javascript; charset=utf-8', body: CONSOLE_JS },
  'admin.js': { type: 'text/javascript; charset=utf-8', body: ADMIN_JS },
  'admin-sync.js': { type: 'text/javascript; charset=utf-8', body: ADMIN_SYNC_JS },
};

/** The three pages and their scripts, styles and icon, served from memory. */
export const staticPages = new Hono();
staticPages.get('/', (c) => c.html(CHAT_HTML));
staticPages.get('/console', (c) => c.html(CONSOLE_HTML));
staticPages.get('/admin', (c) => c.html(ADMIN_HTML));
// Browsers ask for /favicon.ico on their own, whatever the page links.
staticPages.get('/favicon.ico', (c) => c.redirect('/assets/favicon.svg', 301));
staticPages.get('/assets/:name', (c) => {
  const asset = ASSETS[c.req.param('name')];
  if (!asset) return c.text('not found', 404);
  c.header('Cache-Control', 'no-cache');
  return c.body(asset.body, 200, { 'Content-Type': asset.type });
});
