/**
 * Pages are plain HTML with one stylesheet and one small script each, kept as strings so
 * `tsc` ships them in dist/ without a build step. Client scripts avoid template literals,
 * so these strings need no escaping.
 */
export function page(options: { title: string; script: string; body: string; wide?: boolean; style?: string }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
${options.style ? `<link rel="stylesheet" href="/assets/${options.style}">\n` : ''}<script src="/assets/common.js" defer></script>
<script src="/assets/${options.script}" defer></script>
</head>
<body class="${options.wide ? 'wide' : 'narrow'}">
<a class="skip" href="#main">跳到正文</a>
${options.body}
</body>
</html>
`;
}

/** A speech bubble in the page's blue, so the tab is found among others. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="3" width="28" height="21" rx="6" fill="#0a5bb5"/><path d="M9 24l-1 6 7-6z" fill="#0a5bb5"/><text x="16" y="19" font-size="14" text-anchor="middle" fill="#fff" font-family="sans-serif">问</text></svg>`;

/** The sign-in form shared by the console and the admin page. */
export function signInForm(label: string): string {
  return `<section id="signin" hidden aria-labelledby="signin-title">
  <h2 id="signin-title">${label}登录</h2>
  <form id="signin-form">
    <label for="user">账号</label>
    <input id="user" name="user" autocomplete="username" autocapitalize="off" spellcheck="false" aria-describedby="user-hint">
    <p id="user-hint" class="muted">用自己的账号登录；用共用密码登录时留空。</p>
    <label for="password">密码</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">登录</button>
    <p id="signin-error" class="error" role="alert"></p>
  </form>
</section>`;
}

export const CSS = String.raw`
:root { --fg: #1d2330; --muted: #5b6475; --line: #d7dbe3; --accent: #0a5bb5; --warn: #b3261e; --ok: #1f7a3a; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--fg); background: var(--bg); }
body.narrow main, body.narrow header { max-width: 46rem; }
body.wide main, body.wide header { max-width: 72rem; }
header, main { margin: 0 auto; padding: 0.75rem 1rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem; }
h1 { font-size: 1.3rem; margin: 0.25rem 0; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 0.5rem; top: 0.5rem; background: #fff; padding: 0.25rem 0.5rem; }
.muted { color: var(--muted); font-size: 0.9rem; }
.error { color: var(--warn); }
.ok { color: var(--ok); }
.warn { color: #8a5300; }
button { font: inherit; padding: 0.45rem 0.9rem; border: 1px solid var(--accent); border-radius: 0.4rem; background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: 0.6; cursor: wait; }
input, textarea, select { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--line); border-radius: 0.4rem; background: #fff; max-width: 100%; }
textarea { width: 100%; }
:focus-visible { outline: 3px solid #7fb0ee; outline-offset: 1px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 0.6rem; padding: 0.75rem 1rem; margin: 0.75rem 0; }
.card.overdue { border-left: 0.35rem solid var(--warn); }
.badge { display: inline-block; font-size: 0.8rem; padding: 0 0.45rem; border-radius: 0.3rem; background: #e8eef8; color: var(--accent); margin-right: 0.35rem; }
.badge.warn { background: #fbe9e7; color: var(--warn); }
.pre { white-space: pre-wrap; word-break: break-word; }
.row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; font-size: 0.95rem; }
#log { list-style: none; padding: 0; margin: 0 0 6rem; }
#log li { margin: 0.6rem 0; padding: 0.6rem 0.8rem; border-radius: 0.6rem; background: #fff; border: 1px solid var(--line); }
#log li.me { background: #e6f0fc; border-color: #c5dbf6; margin-left: 15%; }
#log li.relay { border-left: 0.35rem solid var(--ok); }
#log .sources { margin: 0.4rem 0 0; padding-left: 1.2rem; font-size: 0.9rem; }
#log .sources li { margin: 0.15rem 0; padding: 0; border: 0; background: none; }
#ask { position: fixed; left: 0; right: 0; bottom: 0; background: #fff; border-top: 1px solid var(--line); padding: 0.5rem 1rem calc(0.5rem + env(safe-area-inset-bottom)); }
#ask form { display: flex; gap: 0.5rem; max-width: 46rem; margin: 0 auto; }
#ask textarea { flex: 1; min-height: 2.6rem; height: 2.6rem; resize: vertical; }
@media (max-width: 30rem) { #log li.me { margin-left: 8%; } h1 { font-size: 1.15rem; } }
`;

/** Helpers every page script uses: JSON calls with the CSRF token, sign-in, small DOM builders. */
export const COMMON_JS = String.raw`
'use strict';
window.ob = (function () {
  var csrf = '';
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function api(method, url, body, raw) {
    var headers = {};
    if (csrf) headers['X-CSRF-Token'] = csrf;
    var init = { method: method, headers: headers, credentials: 'same-origin' };
    if (raw !== undefined) { init.body = raw; headers['Content-Type'] = 'application/octet-stream'; }
    else if (body !== undefined) { init.body = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
    return fetch(url, init).then(function (res) {
      if (res.status === 204) return { status: 204, data: null };
      return res.json().catch(function () { return { error: '服务器返回了无法读取的内容' }; }).then(function (data) {
        // "message" is the sentence for a person when the API has one; "error" is the English detail.
        if (!res.ok) { var e = new Error(data.message || data.error || ('HTTP ' + res.status)); e.status = res.status; e.data = data; throw e; }
        return { status: res.status, data: data };
      });
    });
  }
  function isHttpUrl(u) { return typeof u === 'string' && /^https?:\/\//i.test(u); }
  function time(iso) { return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : ''; }
  var REASONS = { low_confidence: '资料不确定', no_match: '资料未覆盖', human_request: '要求人工', personal_case: '个人事项', complaint: '意见投诉' };
  /** Shows the sign-in form until a session of the role exists, then calls onReady. */
  function requireSignIn(role, onReady) {
    var section = document.getElementById('signin');
    var form = document.getElementById('signin-form');
    var error = document.getElementById('signin-error');
    var app = document.getElementById('app');
    var logout = document.getElementById('logout');
    function ready(session) {
      csrf = session.csrfToken;
      section.hidden = true; app.hidden = false; logout.hidden = false;
      var who = document.getElementById('who');
      if (who) who.textContent = (session.display || session.user || '') + (session.user ? ' · ' : '') + (session.role === 'admin' ? '管理员' : '人事秘书');
      onReady(session);
    }
    function ask() { section.hidden = false; app.hidden = true; logout.hidden = true; document.getElementById(form.user.value ? 'password' : 'user').focus(); }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      error.textContent = '';
      var button = form.querySelector('button');
      button.disabled = true;
      var user = form.user.value.trim();
      // A named account, or the role's shared password when no account is given.
      var body = user ? { user: user, password: form.password.value } : { role: role, password: form.password.value };
      api('POST', '/api/login', body).then(function (r) {
        form.password.value = '';
        if (role === 'admin' && r.data.role !== 'admin') { error.textContent = '这个账号不是管理员账号。'; return; }
        ready(r.data);
      }).catch(function (e) {
        var wait = e.data && e.data.retryAfterSeconds;
        error.textContent = e.status === 401 ? (user ? '账号或密码不对，请重试。' : '密码不对，请重试。')
          : e.status === 429 ? '尝试次数过多，请 ' + (wait >= 60 ? Math.ceil(wait / 60) + ' 分钟' : wait + ' 秒') + '后再试。'
          : ('登录失败：' + e.message);
      }).then(function () { button.disabled = false; });
    });
    logout.addEventListener('click', function () {
      function signedOut() { csrf = ''; ask(); }
      api('POST', '/api/logout').then(signedOut, signedOut);
    });
    api('GET', '/api/session').then(function (r) {
      if (role === 'admin' && r.data.role !== 'admin') ask(); else ready(r.data);
    }).catch(ask);
  }
  return { el: el, api: api, isHttpUrl: isHttpUrl, time: time, REASONS: REASONS, requireSignIn: requireSignIn };
})();
`;
