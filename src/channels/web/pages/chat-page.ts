import { page } from './layout.js';

export const CHAT_HTML = page({
  title: '新教职工入职问答',
  script: 'chat.js',
  body: `<header>
  <h1>新教职工入职问答</h1>
  <span class="muted">报到 · 人事档案 · 住房 · 社保医保 · 起薪</span>
</header>
<main id="main">
  <p class="muted">直接输入问题即可。回答都注明出处；拿不准的问题会转给人事秘书，秘书的答复会显示在本页。请不要在这里填写身份证号等个人信息。</p>
  <ol id="log" aria-live="polite" aria-label="对话记录"></ol>
</main>
<div id="ask">
  <form id="ask-form">
    <label for="question" class="skip">你的问题</label>
    <textarea id="question" name="question" placeholder="例如：报到要带什么材料？" maxlength="2000" required></textarea>
    <button type="submit">发送</button>
  </form>
</div>`,
});

export const CHAT_JS = String.raw`
'use strict';
(function () {
  var ob = window.ob, el = ob.el;
  var log = document.getElementById('log');
  var form = document.getElementById('ask-form');
  var input = document.getElementById('question');

  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  var visitor = localStorage.getItem('ob-visitor');
  if (!/^[A-Za-z0-9_-]{12,64}$/.test(visitor || '')) { visitor = newId(); localStorage.setItem('ob-visitor', visitor); }
  var cursor = {};
  try { cursor = JSON.parse(localStorage.getItem('ob-inbox') || '{}') || {}; } catch (e) { cursor = {}; }
  var epoch = typeof cursor.epoch === 'string' ? cursor.epoch : '';
  var seen = typeof cursor.seen === 'number' ? cursor.seen : 0;

  function add(item) { log.appendChild(item); item.scrollIntoView({ block: 'end' }); return item; }

  function sourcesList(sources) {
    if (!sources || !sources.length) return null;
    return el('ul', { className: 'sources', 'aria-label': '出处' }, sources.map(function (s) {
      var label = s.title + (s.heading ? ' · ' + s.heading : '');
      return el('li', {}, [ob.isHttpUrl(s.url) ? el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: label }) : label]);
    }));
  }

  function showAnswer(a) {
    var item = el('li', { className: 'bot' + (a.escalated ? ' escalated' : ''), 'data-id': a.id });
    if (a.escalated && a.ticketId) {
      item.appendChild(el('p', {}, [el('span', { className: 'badge warn', text: '已转人事秘书' }), el('span', { className: 'ticket', text: '工单号 #' + a.ticketId })]));
    }
    item.appendChild(el('div', { className: 'pre reply', text: a.reply }));
    var list = sourcesList(a.sources);
    if (list) item.appendChild(el('p', { className: 'muted', text: a.escalated ? '可能相关的资料：' : '出处：' }));
    if (list) item.appendChild(list);
    add(item);
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    add(el('li', { className: 'me pre', text: text }));
    input.value = '';
    var button = form.querySelector('button');
    button.disabled = true;
    var waiting = add(el('li', { className: 'bot muted', text: '正在查找资料…' }));
    ob.api('POST', '/api/chat', { user: visitor, text: text }).then(function (r) {
      waiting.remove();
      showAnswer(r.data);
    }).catch(function (e) {
      waiting.remove();
      add(el('li', { className: 'bot error', role: 'alert', text: e.status === 429 ? '提问太频繁了，请稍等一会儿再问。' : '抱歉，暂时无法回答：' + e.message }));
    }).then(function () { button.disabled = false; input.focus(); });
  });

  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); form.requestSubmit(); }
  });

  // Answers relayed by the secretary arrive through a long poll; a failed poll waits and retries.
  var delay = 1000;
  function poll() {
    var url = '/api/chat/inbox?user=' + encodeURIComponent(visitor) + '&after=' + seen + (epoch ? '&epoch=' + encodeURIComponent(epoch) : '');
    fetch(url, { credentials: 'same-origin' })
      .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
      .then(function (data) {
        delay = 1000;
        if (data.epoch !== epoch) { epoch = data.epoch; seen = 0; }
        data.messages.forEach(function (m) {
          seen = Math.max(seen, m.seq);
          add(el('li', { className: 'bot relay' }, [
            el('p', {}, [el('span', { className: 'badge', text: '人事秘书答复' }), el('span', { className: 'muted', text: ob.time(m.at) })]),
            el('div', { className: 'pre relay-text', text: m.text }),
          ]));
        });
        localStorage.setItem('ob-inbox', JSON.stringify({ epoch: epoch, seen: seen }));
        poll();
      })
      .catch(function () { setTimeout(poll, delay); delay = Math.min(delay * 2, 30000); });
  }
  poll();
})();
`;
