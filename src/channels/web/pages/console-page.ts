import { page, signInForm } from './layout.js';

export const CONSOLE_HTML = page({
  title: '人事秘书工作台',
  script: 'console.js',
  wide: true,
  body: `<header>
  <h1>人事秘书工作台</h1>
  <span class="muted"><span id="who"></span> <button id="logout" class="secondary" type="button" hidden>退出</button></span>
</header>
<main id="main">
${signInForm('人事秘书')}
<div id="app" hidden>
  <section aria-labelledby="open-title">
    <div class="row"><h2 id="open-title">待处理工单 <span id="open-count" class="badge"></span></h2>
      <button id="refresh" class="secondary" type="button">刷新</button></div>
    <p id="status" class="muted" role="status"></p>
    <div id="open-list"></div>
  </section>
  <section aria-labelledby="outbox-title">
    <h2 id="outbox-title">待发送与未送达 <span id="outbox-count" class="badge"></span></h2>
    <p class="muted">机器人主动发出的消息（转告、通知、提醒）先存盘再发送；渠道断开时排队，重新连接后自动补发，失败会自动重试。被平台拒收的会列在这里。</p>
    <div id="outbox-list"></div>
  </section>
  <section aria-labelledby="done-title">
    <h2 id="done-title">已处理工单</h2>
    <form id="search-form" class="row" role="search">
      <label for="search">搜索问题或答复</label>
      <input id="search" name="q" type="search">
      <button type="submit" class="secondary">搜索</button>
    </form>
    <div id="done-list"></div>
  </section>
</div>
</main>`,
});

export const CONSOLE_JS = String.raw`
'use strict';
(function () {
  var ob = window.ob, el = ob.el;
  var openList = document.getElementById('open-list');
  var doneList = document.getElementById('done-list');
  var status = document.getElementById('status');

  var CHANNELS = { wechat: '微信', qq: 'QQ', web: '网页访客' };
  function asker(t) {
    if (t.askerName) return t.askerName + '（' + t.asker + '）';
    // Web visitors are random browser ids; the start is enough to tell them apart.
    if (t.channel === 'web') return CHANNELS.web + ' ' + t.asker.slice(4, 12);
    return (CHANNELS[t.channel] || t.channel) + ' ' + t.asker;
  }

  function header(t) {
    var badges = [el('span', { className: 'badge', text: ob.REASONS[t.reason] || t.reason })];
    if (t.overdue) badges.push(el('span', { className: 'badge warn overdue-mark', text: '已超时' }));
    return el('p', {}, badges.concat([
      el('strong', { text: '#' + t.id }), ' ',
      el('span', { className: 'muted', text: asker(t) + ' · ' + ob.time(t.createdAt) + ' · 已等 ' + t.workingHoursWaited + ' 个工作小时' }),
    ]));
  }

  function details(t) {
    var parts = [el('p', { className: 'pre question', text: t.question })];
    if (t.history.length) {
      parts.push(el('details', {}, [el('summary', { text: '此前的提问（' + t.history.length + '）' }),
        el('ul', {}, t.history.map(function (h) { return el('li', { text: h }); }))]));
    }
    if (t.candidates.length) {
      parts.push(el('p', { className: 'muted', text: '候选资料：' }));
      parts.push(el('ul', {}, t.candidates.map(function (s) {
        var label = s.title + (s.heading ? ' · ' + s.heading : '') + '（' + s.path + '）';
        return el('li', {}, [ob.isHttpUrl(s.url) ? el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: label }) : label]);
      })));
    }
    return parts;
  }

  function openCard(t) {
    var id = 'answer-' + t.id;
    var textarea = el('textarea', { id: id, name: 'answer', rows: '4', required: 'required' });
    // The bot's own draft, which it did not trust enough to send: a start, to be checked and edited.
    if (t.draft) textarea.value = t.draft;
    var message = el('p', { className: 'muted', role: 'status' });
    var form = el('form', { className: 'answer-form' }, [
      el('label', { for: id, text: t.draft ? '答复（已填入机器人拟的回复，请核对修改后再发）' : '答复（将转给提问人）' }), textarea,
      el('div', { className: 'row' }, [
        el('button', { type: 'submit', name: 'action', value: 'answer', text: '答复' }),
        el('button', { type: 'submit', name: 'action', value: 'faq', className: 'secondary', text: '答复并存为常见问题' }),
        el('button', { type: 'button', className: 'secondary close', text: '关闭工单' }),
      ]),
      message,
    ]);
    var card = el('article', { className: 'card ticket' + (t.overdue ? ' overdue' : ''), 'data-ticket': t.id, 'aria-label': '工单 #' + t.id },
      [header(t)].concat(details(t), [form]));
    function act(promise) {
      Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = true; });
      message.className = 'muted'; message.textContent = '正在处理…';
      promise.then(function (r) {
        status.textContent = r.data.message;
        loadOpen(); loadOutbox(); loadDone();
      }).catch(function (e) {
        message.className = 'error'; message.textContent = '没有成功：' + e.message;
        Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = false; });
      });
    }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var faq = ev.submitter && ev.submitter.value === 'faq';
      act(ob.api('POST', '/api/tickets/' + encodeURIComponent(t.id) + '/answer', { answer: textarea.value, saveAsFaq: faq }));
    });
    form.querySelector('button.close').addEventListener('click', function () {
      if (window.confirm('不答复、直接关闭工单 #' + t.id + '？')) act(ob.api('POST', '/api/tickets/' + encodeURIComponent(t.id) + '/close'));
    });
    return card;
  }

  function doneCard(t) {
    var state = t.status === 'closed' ? '已关闭' : (t.relay === 'delivered' ? '已答复并送达' : t.relay === 'failed' ? '未能送达：' + (t.relayError || '') : '已答复，排队待送达');
    return el('article', { className: 'card done', 'data-ticket': t.id }, [header(t)].concat(details(t), [
      el('p', {}, [el('span', { className: 'badge', text: state }), t.savedAsFaq ? el('span', { className: 'badge', text: '常见问题：' + t.savedAsFaq }) : null]),
      t.answer ? el('p', { className: 'pre answer', text: t.answer }) : null,
      el('p', { className: 'muted', text: (t.answeredBy || '') + ' ' + ob.time(t.answeredAt) }),
    ]));
  }

  var KINDS = { relay: '转告答复', notice: '工单通知', digest: '工单汇总', reminder: '提醒', reply: '回复', undeliverable: '未送达通知' };
  function loadOutbox() {
    return ob.api('GET', '/api/outbox').then(function (r) {
      var pending = r.data.backlog.reduce(function (n, b) { return n + b.pending; }, 0);
      var failed = r.data.backlog.reduce(function (n, b) { return n + b.failed; }, 0);
      document.getElementById('outbox-count').textContent = pending + ' 待发送 · ' + failed + ' 未送达';
      var summary = r.data.backlog.map(function (b) {
        return el('li', { text: b.channel + '：' + b.pending + ' 条待发送（最早 ' + (b.oldestPendingAt ? ob.time(b.oldestPendingAt) : '—') + '），' + b.failed + ' 条未送达' });
      });
      var rows = r.data.messages.map(function (m) {
        var state = m.status === 'failed' ? '未送达' : '待发送，已尝试 ' + m.attempts + ' 次';
        return el('li', { className: 'outbox-' + m.status, text: (KINDS[m.kind] || m.kind) + (m.ticket ? ' #' + m.ticket : '') + ' → ' + m.to + '：' + state + (m.error ? '（' + m.error + '）' : '') });
      });
      render(document.getElementById('outbox-list'), summary.length ? [el('ul', {}, summary), el('ul', {}, rows)] : [], '所有消息都已送达。');
    }).catch(function (e) { status.textContent = '读取发送队列失败：' + e.message; });
  }

  function render(list, cards, empty) {
    list.replaceChildren.apply(list, cards.length ? cards : [el('p', { className: 'muted', text: empty })]);
  }

  function loadOpen() {
    return ob.api('GET', '/api/tickets?status=open').then(function (r) {
      document.getElementById('open-count').textContent = String(r.data.total);
      render(openList, r.data.tickets.map(openCard), '没有待处理的工单。');
    }).catch(function (e) { status.textContent = '读取工单失败：' + e.message; });
  }

  function loadDone() {
    var q = document.getElementById('search').value.trim();
    return ob.api('GET', '/api/tickets?status=done' + (q ? '&q=' + encodeURIComponent(q) : '')).then(function (r) {
      render(doneList, r.data.tickets.map(doneCard), q ? '没有找到相关工单。' : '还没有处理过的工单。');
    }).catch(function (e) { status.textContent = '读取工单失败：' + e.message; });
  }

  document.getElementById('refresh').addEventListener('click', function () { status.textContent = ''; loadOpen(); loadOutbox(); loadDone(); });
  // New tickets show up by themselves, but never while the secretary is writing an answer.
  setInterval(function () {
    if (document.getElementById('app').hidden) return;
    var writing = Array.prototype.some.call(openList.querySelectorAll('textarea'), function (t) { return t.value.trim() !== '' || t === document.activeElement; });
    if (!writing) loadOpen();
    loadOutbox();
  }, 30000);
  document.getElementById('search-form').addEventListener('submit', function (ev) { ev.preventDefault(); loadDone(); });
  ob.requireSignIn('secretary', function () { loadOpen(); loadOutbox(); loadDone(); });
})();
`;
