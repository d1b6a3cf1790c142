/**
 * The admin page's website sync section: the last run's report and a "sync now" button.
 * Its own script: it starts when the page shows its content (an admin signed in) and tells the
 * page's other sections of new documents with the event `ob:knowledge-changed`.
 */
export const SYNC_SECTION_HTML = `<section id="sync" aria-labelledby="sync-title">
    <div class="row"><h2 id="sync-title">网站同步</h2>
      <button id="sync-now" type="button" disabled>立即同步</button></div>
    <p id="sync-summary" role="status"></p>
    <div id="sync-report" aria-live="polite"></div>
  </section>`;

export const ADMIN_SYNC_JS = String.raw`
'use strict';
(function () {
  var ob = window.ob, el = ob.el;
  var button = document.getElementById('sync-now');
  var summary = document.getElementById('sync-summary');
  var box = document.getElementById('sync-report');
  var watching = false;

  function seconds(r) { return Math.max(0, Math.round((new Date(r.finishedAt) - new Date(r.startedAt)) / 1000)); }

  function list(title, items, open) {
    if (!items.length) return null;
    var details = el('details', open ? { open: '' } : {}, [el('summary', { text: title + '（' + items.length + '）' })]);
    details.appendChild(el('ul', {}, items.map(function (i) {
      return typeof i === 'string' ? el('li', { text: i }) : el('li', {}, [el('span', { className: 'pre', text: i.url }), el('br'), el('span', { className: 'error', text: i.explained })]);
    })));
    return details;
  }

  function showReport(r) {
    if (!r) { box.replaceChildren(el('p', { className: 'muted', text: '还没有同步过网站。' })); return; }
    var parts = [
      el('p', { text: '上次同步：' + ob.time(r.finishedAt) + '，用时 ' + seconds(r) + ' 秒。' }),
      el('p', { className: r.failed.length ? 'error' : 'ok', text: '新增 ' + r.added.length + ' 篇，更新 ' + r.changed.length + ' 篇，未变 ' + r.unchanged + ' 篇，删除 ' + r.removed.length + ' 篇，失败 ' + r.failed.length + ' 个。' }),
      list('失败的网址和原因', r.failed, true),
      list('新增的文档', r.added, false),
      list('更新的文档', r.changed, false),
      list('删除的文档', r.removed, false),
      list('网站上已没有、但仍保留的文档（设置 sync.prune 后会删除）', r.gone, false),
      list('按网站要求跳过的网址', r.skipped, false),
    ];
    if (r.pruneHeld) parts.push(el('p', { className: 'muted', text: '没有删除任何文档：' + r.pruneHeld }));
    box.replaceChildren.apply(box, parts.filter(Boolean));
  }

  function show(s) {
    button.disabled = !s.configured || s.running;
    if (!s.configured) summary.textContent = '还没有设置要同步的网站栏目：请在配置 sync.urls（或环境变量 SYNC_URLS）里填上通知公告、办事指南等列表页的网址。';
    else if (s.running) summary.textContent = '正在同步网站（' + ob.time(s.runningSince) + ' 开始），完成后这里会显示结果。';
    else if (s.lastError) summary.textContent = '上次同步没有完成：' + s.lastError.message;
    else summary.textContent = '';
    summary.className = s.lastError && !s.running ? 'error' : 'muted';
    showReport(s.last);
    if (s.running) watch();
  }

  function failed(e) { summary.className = 'error'; summary.textContent = '读取同步状态失败：' + e.message; }

  function refresh() {
    return ob.api('GET', '/api/admin/sync').then(function (r) { show(r.data); }).catch(failed);
  }

  // While a run goes on, one request at a time waits on the server for its end (25 s at most),
  // so the report shows the moment it is written.
  function watch() {
    if (watching) return;
    watching = true;
    ob.api('GET', '/api/admin/sync?wait=25').then(function (r) {
      watching = false;
      show(r.data);
      if (!r.data.running) document.dispatchEvent(new Event('ob:knowledge-changed'));
    }, function (e) {
      failed(e);
      setTimeout(function () { watching = false; refresh(); }, 3000);
    });
  }

  var REFUSED = {
    busy: '已经有一次同步在进行（可能是定时同步或命令行），请等它完成后再试。',
    'not-configured': '还没有设置要同步的网站栏目（sync.urls）。',
    stopping: '机器人正在停止，不能开始同步。'
  };
  button.addEventListener('click', function () {
    button.disabled = true;
    summary.className = 'muted'; summary.textContent = '正在开始同步…';
    ob.api('POST', '/api/admin/sync').then(function (r) { show(r.data); }).catch(function (e) {
      summary.className = 'error';
      summary.textContent = (e.data && REFUSED[e.data.code]) || ('没有开始同步：' + e.message);
      setTimeout(refresh, 1500);
    });
  });

  var app = document.getElementById('app');
  new MutationObserver(function () { if (!app.hidden) refresh(); }).observe(app, { attributes: true, attributeFilter: ['hidden'] });
})();
`;
