import { page, signInForm } from './layout.js';

export const CONSOLE_HTML = page({
  title: '人事秘书工作台',
  script: 'console.js',
  style: 'console.css',
  wide: true,
  body: `<header>
  <h1>人事秘书工作台</h1>
  <span class="muted"><span id="who"></span> <button id="logout" class="secondary" type="button" hidden>退出</button></span>
</header>
<main id="main">
${signInForm('人事秘书')}
<div id="app" hidden>
  <section aria-labelledby="open-title">
    <h2 id="open-title">待处理工单 <span id="open-count" class="badge"></span></h2>
    <div class="desk-bar row" role="toolbar" aria-label="工单列表">
      <span class="filters" role="group" aria-label="显示哪些工单">
        <button type="button" data-filter="all" aria-pressed="true">全部</button>
        <button type="button" data-filter="free" aria-pressed="false">没人认领</button>
        <button type="button" data-filter="mine" aria-pressed="false">我的</button>
      </span>
      <button id="refresh" class="secondary" type="button">刷新</button>
    </div>
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
  var filter = 'all';
  var polish = false;
  // Reworded suggestions by ticket, so a refresh of the list neither asks again nor flickers.
  var polished = {};

  var CHANNELS = { wechat: '微信', qq: 'QQ', web: '网页访客' };
  function asker(t) {
    if (t.askerName) return t.askerName + '（' + t.asker + '）';
    // Web visitors are random browser ids; the start is enough to tell them apart.
    if (t.channel === 'web') return CHANNELS.web + ' ' + t.asker.slice(4, 12);
    return (CHANNELS[t.channel] || t.channel) + ' ' + t.asker;
  }
  function person(id, name) { return name || (id === 'web:secretary' ? '人事秘书（共用账号）' : id === 'web:admin' ? '管理员（共用账号）' : String(id || '').replace(/^web:/, '')); }

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
      parts.push(el('details', { className: 'candidates' }, [el('summary', { text: '候选资料（' + t.candidates.length + '）' }),
        el('ul', {}, t.candidates.map(function (s) {
          var label = s.title + (s.heading ? ' · ' + s.heading : '') + '（' + s.path + '）';
          return el('li', {}, [ob.isHttpUrl(s.url) ? el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: label }) : label]);
        }))]));
    }
    return parts;
  }

  /** Who has the ticket, and the one button that fits: take it, give it back, or take it over. */
  function claimBar(t, busy) {
    var bar = el('div', { className: 'claim' });
    function post(path, body) { return busy(ob.api('POST', '/api/tickets/' + encodeURIComponent(t.id) + path, body)); }
    if (!t.claimedBy) {
      bar.appendChild(el('button', { type: 'button', className: 'secondary claim-button', text: '我来处理' }));
      bar.lastChild.addEventListener('click', function () { post('/claim'); });
    } else if (t.claimedByMe) {
      bar.appendChild(el('span', { className: 'badge mine', text: '我在处理' }));
      bar.appendChild(el('button', { type: 'button', className: 'secondary release-button', text: '不处理了' }));
      bar.lastChild.addEventListener('click', function () { post('/release'); });
    } else {
      bar.appendChild(el('span', { className: 'badge taken claimed-by', text: person(t.claimedBy, t.claimedByName) + ' 在处理' }));
      bar.appendChild(el('button', { type: 'button', className: 'secondary', text: '改由我处理' }));
      bar.lastChild.addEventListener('click', function () {
        if (window.confirm('工单 #' + t.id + ' 已由 ' + person(t.claimedBy, t.claimedByName) + ' 认领。改由你处理吗？')) post('/claim', { takeOver: true });
      });
    }
    return bar;
  }

  function openCard(t) {
    var id = 'answer-' + t.id;
    var textarea = el('textarea', { id: id, name: 'answer', rows: '5', required: 'required' });
    // The suggested reply (the bot's own sentences with their source): a start, to be checked and edited.
    var prefill = t.suggestion ? (polished[t.id] || t.suggestion.text) : '';
    textarea.value = prefill;
    textarea.dataset.prefill = prefill;
    var note = el('p', { className: 'muted suggestion-note', 'aria-live': 'polite' });
    var message = el('p', { className: 'muted', role: 'status' });
    var form = el('form', { className: 'answer-form' }, [
      el('label', { for: id, text: t.suggestion ? '答复（已填入建议答复和依据，请核对修改后再发）' : '答复（将转给提问人）' }), textarea, note,
      el('div', { className: 'row' }, [
        el('button', { type: 'submit', name: 'action', value: 'answer', text: '答复' }),
        el('button', { type: 'submit', name: 'action', value: 'faq', className: 'secondary', text: '答复并存为常见问题' }),
        el('button', { type: 'button', className: 'secondary close', text: '关闭工单' }),
      ]),
      message,
    ]);
    var card = el('article', { className: 'card ticket' + (t.overdue ? ' overdue' : ''), 'data-ticket': t.id, 'aria-label': '工单 #' + t.id }, []);
    function buttons(disabled) { Array.prototype.forEach.call(card.querySelectorAll('button'), function (b) { b.disabled = disabled; }); }
    function busy(promise) {
      buttons(true);
      message.className = 'muted'; message.textContent = '正在处理…';
      return promise.then(function (r) {
        if (r.data.message) status.textContent = r.data.message;
        loadOpen(); if (r.data.message) { loadOutbox(); loadDone(); }
        return r;
      }).catch(function (e) {
        message.className = 'error'; message.textContent = '没有成功：' + e.message;
        buttons(false);
        // Someone else was first: the card leaves the list, so the news goes to the top of it.
        if (e.data && e.data.code === 'done') { status.textContent = '你的操作没有生效：' + e.message; loadOpen(); loadDone(); }
        throw e;
      });
    }
    function act(path, body) {
      var url = '/api/tickets/' + encodeURIComponent(t.id) + path;
      return busy(ob.api('POST', url, body)).catch(function (e) {
        // Someone else has it: ask, then send again over their claim.
        if (e.data && e.data.code === 'claimed' && window.confirm(e.message + '仍要由你来答复吗？')) {
          body = Object.assign({}, body || {}, { takeOver: true });
          busy(ob.api('POST', url, body)).catch(function () {});
        }
      });
    }
    card.append(header(t), claimBar(t, function (p) { return busy(p).catch(function () {}); }));
    details(t).forEach(function (part) { card.appendChild(part); });
    card.appendChild(form);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var faq = ev.submitter && ev.submitter.value === 'faq';
      // Spaces alone are no answer; said here in Chinese rather than the API's English detail.
      if (!textarea.value.trim()) { message.className = 'error'; message.textContent = '请先写上答复内容。'; textarea.focus(); return; }
      act('/answer', { answer: textarea.value, saveAsFaq: faq });
    });
    form.querySelector('button.close').addEventListener('click', function () {
      if (window.confirm('不答复、直接关闭工单 #' + t.id + '？')) act('/close', {});
    });
    if (polished[t.id]) note.textContent = '建议答复已由大模型润色，请核对。';
    else if (t.suggestion && polish) {
      note.textContent = '正在请大模型润色建议答复…';
      ob.api('POST', '/api/tickets/' + encodeURIComponent(t.id) + '/suggestion').then(function (r) {
        var s = r.data.suggestion;
        // Never over what the secretary already typed.
        if (s.polished) polished[t.id] = s.text;
        if (s.polished && textarea.value === textarea.dataset.prefill) { textarea.value = s.text; textarea.dataset.prefill = s.text; note.textContent = '建议答复已由大模型润色，请核对。'; }
        else note.textContent = '';
      }).catch(function () { note.textContent = ''; });
    }
    return card;
  }

  function doneCard(t) {
    var state = t.status === 'closed' ? '已关闭' : (t.relay === 'delivered' ? '已答复并送达' : t.relay === 'failed' ? '未能送达：' + (t.relayError || '') : '已答复，排队待送达');
    return el('article', { className: 'card done', 'data-ticket': t.id }, [header(t)].concat(details(t), [
      el('p', {}, [el('span', { className: 'badge', text: state }), t.savedAsFaq ? el('span', { className: 'badge', text: '常见问题：' + t.savedAsFaq }) : null]),
      t.answer ? el('p', { className: 'pre answer', text: t.answer }) : null,
      el('p', { className: 'muted answered-by', text: person(t.answeredBy, t.answeredByName) + ' ' + ob.time(t.answeredAt) }),
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

  var FILTERS = {
    all: function () { return true; },
    free: function (t) { return !t.claimedBy; },
    mine: function (t) { return t.claimedByMe; },
  };
  var lastOpen = [];
  function showOpen() {
    var shown = lastOpen.filter(FILTERS[filter]);
    // With no open ticket at all, every filter says so; "everyone is taken care of" would mislead.
    var empty = lastOpen.length === 0 || filter === 'all' ? '没有待处理的工单。' : filter === 'mine' ? '你还没有认领工单。' : '所有工单都有人在处理。';
    render(openList, shown.map(openCard), empty);
  }

  function loadOpen() {
    return ob.api('GET', '/api/tickets?status=open').then(function (r) {
      document.getElementById('open-count').textContent = String(r.data.total);
      polish = r.data.polish;
      lastOpen = r.data.tickets;
      showOpen();
    }).catch(function (e) { status.textContent = '读取工单失败：' + e.message; });
  }

  function loadDone() {
    var q = document.getElementById('search').value.trim();
    return ob.api('GET', '/api/tickets?status=done' + (q ? '&q=' + encodeURIComponent(q) : '')).then(function (r) {
      render(doneList, r.data.tickets.map(doneCard), q ? '没有找到相关工单。' : '还没有处理过的工单。');
    }).catch(function (e) { status.textContent = '读取工单失败：' + e.message; });
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-filter]'), function (b) {
    b.addEventListener('click', function () {
      filter = b.dataset.filter;
      Array.prototype.forEach.call(document.querySelectorAll('[data-filter]'), function (o) { o.setAttribute('aria-pressed', String(o === b)); });
      showOpen();
    });
  });
  document.getElementById('refresh').addEventListener('click', function () { status.textContent = ''; loadOpen(); loadOutbox(); loadDone(); });
  // New tickets show up by themselves, but never while the secretary is writing an answer.
  setInterval(function () {
    if (document.getElementById('app').hidden) return;
    var writing = Array.prototype.some.call(openList.querySelectorAll('textarea'), function (t) { return t.value !== t.dataset.prefill || t === document.activeElement; });
    if (!writing) loadOpen();
    loadOutbox();
  }, 30000);
  document.getElementById('search-form').addEventListener('submit', function (ev) { ev.preventDefault(); loadDone(); });
  ob.requireSignIn('secretary', function () { loadOpen(); loadOutbox(); loadDone(); });
})();
`;
