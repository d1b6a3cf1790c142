/**
 * The chat page's script. What the visitor saw (questions, answers, secretary replies) is
 * kept in localStorage, so a closed tab or a reload shows the same conversation; tickets
 * are fetched from the server by the browser's id and cached beside it.
 */
export const CHAT_JS = String.raw`
'use strict';
(function () {
  var ob = window.ob, el = ob.el;
  var log = document.getElementById('log');
  var form = document.getElementById('ask-form');
  var input = document.getElementById('question');
  var intro = document.getElementById('intro');
  var mine = document.getElementById('mine');
  var mineToggle = document.getElementById('mine-toggle');
  var LOG_KEY = 'ob-chat-log', TICKETS_KEY = 'ob-tickets', KEEP = 200;
  var ASK_FOR_ONE = { human_request: 1, personal_case: 1, complaint: 1 };
  var STATUS = { open: '等待人事秘书答复', answered: '已答复', closed: '已关闭' };

  function read(key, fallback) { try { var v = JSON.parse(localStorage.getItem(key) || 'null'); return v === null ? fallback : v; } catch (e) { return fallback; } }
  function write(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or off: the page still works */ } }
  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  var visitor, entries, cursor;
  function startSession() {
    visitor = localStorage.getItem('ob-visitor');
    if (!/^[A-Za-z0-9_-]{12,64}$/.test(visitor || '')) { visitor = newId(); localStorage.setItem('ob-visitor', visitor); }
    entries = read(LOG_KEY, []);
    if (!Array.isArray(entries)) entries = [];
    cursor = read('ob-inbox', {}) || {};
  }
  startSession();

  function remember(entry) { entries.push(entry); if (entries.length > KEEP) entries = entries.slice(-KEEP); write(LOG_KEY, entries); }

  function sourceLink(s) {
    var title = '《' + s.title + '》';
    return ob.isHttpUrl(s.url) ? el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: title }) : el('span', { text: title });
  }
  function sourceLine(label, s) {
    return el('p', { className: 'source' }, [label, sourceLink(s), s.updated ? ' · ' + s.updated + ' 更新' : '']);
  }

  function answerItem(a) {
    var item = el('li', { className: 'bot' + (a.escalated ? ' escalated' : '') });
    if (a.escalated && a.ticketId) {
      item.appendChild(el('p', {}, [el('span', { className: 'badge warn', text: '已转人事秘书' }), el('span', { className: 'ticket', text: '工单号 #' + a.ticketId })]));
    }
    item.appendChild(el('div', { className: 'pre reply', text: a.answer || a.reply }));
    var sources = a.sources || [];
    if (!a.escalated && a.answer && sources.length) {
      var cited = sources.slice(0, a.cited || 1);
      item.appendChild(sourceLine('来源：', cited[0]));
      if (cited.length > 1) {
        item.appendChild(el('p', { className: 'muted', text: '也引自：' }));
        item.appendChild(el('ul', { className: 'sources', 'aria-label': '也引自' }, cited.slice(1).map(function (s) {
          return el('li', {}, [sourceLink(s), s.updated ? ' · ' + s.updated + ' 更新' : '']);
        })));
      }
    } else if (a.escalated && !ASK_FOR_ONE[a.reason] && sources.length) {
      // A near miss: the documents the secretary will look at may already help the asker.
      item.appendChild(el('details', {}, [el('summary', { text: '可能相关的资料' }), el('ul', { className: 'sources' }, sources.slice(0, 3).map(function (s) {
        return el('li', {}, [sourceLink(s)]);
      }))]));
    }
    return item;
  }
  function relayItem(m) {
    return el('li', { className: 'bot relay' }, [
      el('p', {}, [el('span', { className: 'badge', text: '人事秘书答复' }), el('span', { className: 'when', text: ob.time(m.at) })]),
      el('div', { className: 'pre relay-text', text: m.text }),
    ]);
  }
  function itemOf(entry) {
    if (entry.k === 'me') return el('li', { className: 'me pre', text: entry.text });
    if (entry.k === 'relay') return relayItem(entry);
    if (entry.k === 'error') return el('li', { className: 'bot error', text: entry.text });
    return answerItem(entry.a);
  }
  function show(item) { intro.hidden = true; log.appendChild(item); item.scrollIntoView({ block: 'end' }); return item; }

  function renderAll() {
    log.setAttribute('aria-live', 'off');
    log.replaceChildren.apply(log, entries.map(itemOf));
    intro.hidden = entries.length > 0;
    // Only what arrives from now on is read out, not the restored conversation.
    setTimeout(function () { log.setAttribute('aria-live', 'polite'); }, 0);
    if (entries.length) log.lastChild.scrollIntoView({ block: 'end' });
  }

  // The longest message the bot takes and what it says beyond it, from the server; until known, the server judges.
  var limit = { max: Infinity, tooLong: '' };

  function loadExamples() {
    ob.api('GET', '/api/chat/examples').then(function (r) {
      if (r.data.maxMessageChars) limit = { max: r.data.maxMessageChars, tooLong: r.data.tooLong };
      var list = document.getElementById('examples');
      list.replaceChildren.apply(list, r.data.examples.map(function (e) {
        var b = el('button', { type: 'button', className: 'example' }, [el('span', { className: 'cat', text: e.label }), e.question]);
        b.addEventListener('click', function () { input.value = e.question; form.requestSubmit(); });
        return el('li', {}, [b]);
      }));
    }).catch(function () { /* the examples are a help, not a need */ });
  }

  function send(text) {
    remember({ k: 'me', text: text });
    show(itemOf({ k: 'me', text: text }));
    var button = form.querySelector('button');
    button.disabled = true;
    log.setAttribute('aria-busy', 'true');
    var waiting = show(el('li', { className: 'bot muted', text: '正在查找资料…' }));
    ob.api('POST', '/api/chat', { user: visitor, text: text }).then(function (r) {
      var a = r.data;
      var kept = { id: a.id, reply: a.reply, answer: a.answer, escalated: a.escalated, reason: a.reason, ticketId: a.ticketId, cited: a.cited,
        sources: (a.sources || []).slice(0, Math.max(a.cited || 0, 3)).map(function (s) { return { title: s.title, url: s.url, updated: s.updated }; }) };
      remember({ k: 'bot', a: kept });
      waiting.replaceWith(itemOf({ k: 'bot', a: kept }));
      if (a.escalated) loadTickets();
    }).catch(function (e) {
      var said = e.status === 429 ? '提问太频繁了，请稍等一会儿再问。' : '抱歉，暂时无法回答，请稍后再试。';
      waiting.replaceWith(el('li', { className: 'bot error', role: 'alert', text: said }));
      // The question comes back to the box, to send again without retyping it.
      if (!input.value) input.value = text;
    }).then(function () { log.removeAttribute('aria-busy'); button.disabled = false; input.focus(); });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (Array.from(text).length > limit.max) {
      // Said before sending, and the text stays in the box to shorten.
      show(el('li', { className: 'bot error', role: 'alert', text: limit.tooLong }));
      return;
    }
    input.value = '';
    send(text);
  });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); form.requestSubmit(); }
  });

  function renderTickets(tickets) {
    var list = document.getElementById('mine-list');
    document.getElementById('mine-status').textContent = tickets.length ? '共 ' + tickets.length + ' 个，秘书答复后会显示在这里和对话里。' : '还没有转给人事秘书的问题。';
    list.replaceChildren.apply(list, tickets.map(function (t) {
      return el('li', { 'data-ticket': t.id }, [
        el('p', {}, [el('span', { className: 'badge status-' + t.status, text: STATUS[t.status] || t.status }), el('span', { text: '#' + t.id }), el('span', { className: 'when', text: ob.time(t.createdAt) })]),
        el('p', { className: 'q pre', text: t.question }),
        t.answer ? el('p', { className: 'pre answer', text: '秘书答复：' + t.answer }) : null,
        // Closed without an answer: say what that means for the asker, who was not told otherwise.
        t.status === 'closed' && !t.answer ? el('p', { className: 'muted', text: '人事秘书关闭了这个问题，没有留下答复；如果仍需要帮助，请重新提问。' }) : null,
      ]);
    }));
  }
  function loadTickets() {
    return ob.api('GET', '/api/chat/tickets?user=' + encodeURIComponent(visitor)).then(function (r) {
      write(TICKETS_KEY, r.data.tickets);
      renderTickets(r.data.tickets);
    }).catch(function () { document.getElementById('mine-status').textContent = '暂时连不上服务器，下面是上次看到的状态。'; });
  }
  mineToggle.addEventListener('click', function () {
    var open = mine.hidden;
    mine.hidden = !open;
    mineToggle.setAttribute('aria-expanded', String(open));
    if (open) { renderTickets(read(TICKETS_KEY, [])); loadTickets(); document.getElementById('mine-title').focus(); }
  });
  document.getElementById('mine-title').setAttribute('tabindex', '-1');

  document.getElementById('clear').addEventListener('click', function () {
    if (!window.confirm('清除本机上的对话和“我的问题”记录？已转给人事秘书的问题仍会处理，但答复不会再显示在这个页面。')) return;
    ['ob-visitor', 'ob-inbox', LOG_KEY, TICKETS_KEY].forEach(function (k) { localStorage.removeItem(k); });
    startSession();
    renderAll();
    renderTickets([]);
    input.focus();
  });

  // Answers relayed by the secretary arrive through a long poll; a failed poll waits and retries.
  var delay = 1000;
  function poll() {
    var me = visitor;
    var epoch = typeof cursor.epoch === 'string' ? cursor.epoch : '', seen = typeof cursor.seen === 'number' ? cursor.seen : 0;
    var url = '/api/chat/inbox?user=' + encodeURIComponent(me) + '&after=' + seen + (epoch ? '&epoch=' + encodeURIComponent(epoch) : '');
    fetch(url, { credentials: 'same-origin' })
      .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
      .then(function (data) {
        delay = 1000;
        if (me !== visitor) return poll();
        if (data.epoch !== epoch) seen = 0;
        data.messages.forEach(function (m) {
          if (m.seq <= seen) return;
          seen = m.seq;
          var entry = { k: 'relay', text: m.text, at: m.at };
          remember(entry);
          show(itemOf(entry));
        });
        cursor = { epoch: data.epoch, seen: seen };
        write('ob-inbox', cursor);
        if (data.messages.length) loadTickets();
        poll();
      })
      .catch(function () { setTimeout(poll, delay); delay = Math.min(delay * 2, 30000); });
  }

  renderAll();
  renderTickets(read(TICKETS_KEY, []));
  loadExamples();
  poll();
})();
`;
