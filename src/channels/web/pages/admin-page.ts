import { SUPPORTED_EXTENSIONS } from '../../../knowledge/loaders/loader.js';
import { SYNC_SECTION_HTML } from './admin-sync.js';
import { page, signInForm } from './layout.js';

export const ADMIN_HTML = page({
  title: '知识库管理',
  script: 'admin.js',
  wide: true,
  body: `<header>
  <h1>知识库管理</h1>
  <span class="muted"><span id="who"></span> <button id="logout" class="secondary" type="button" hidden>退出</button></span>
</header>
<main id="main">
${signInForm('管理员')}
<div id="app" hidden>
  <section aria-labelledby="status-title">
    <div class="row"><h2 id="status-title">知识库状态</h2>
      <button id="reload" type="button">重新加载</button></div>
    <p id="summary" role="status"></p>
    <div id="report" aria-live="polite"></div>
    <h3>文件问题</h3>
    <ul id="warnings"></ul>
    <details><summary>文档列表</summary>
      <table><thead><tr><th scope="col">文件</th><th scope="col">标题</th><th scope="col">分类</th><th scope="col">片段数</th></tr></thead>
      <tbody id="documents"></tbody></table>
    </details>
  </section>
  ${SYNC_SECTION_HTML}
  <section aria-labelledby="upload-title">
    <h2 id="upload-title">上传或替换文档</h2>
    <p class="muted">支持 .md、.txt、.html（最大 2 MiB）和 Word（.docx、.doc）、PDF、Excel（.xlsx）文件（最大 20 MiB）。保存前会先读一遍，有问题会指出文件和原因（文本文件还会指出行号）。扫描版 PDF 需要先做文字识别（OCR）。</p>
    <form id="upload-form">
      <div class="row"><label for="file">文件</label><input id="file" name="file" type="file" accept="${SUPPORTED_EXTENSIONS.join(',')}" required></div>
      <div class="row"><label for="path">保存为（knowledge/ 下的路径）</label><input id="path" name="path" type="text" placeholder="housing/new_policy.md" required size="40"></div>
      <div class="row"><input id="replace" name="replace" type="checkbox"><label for="replace">如已存在则替换</label></div>
      <button type="submit">上传并重新加载</button>
      <p id="upload-result" role="status"></p>
    </form>
  </section>
  <section aria-labelledby="synonyms-title">
    <h2 id="synonyms-title">同义词和口语说法</h2>
    <p class="muted" id="synonyms-help">提问里的口语词会在查找前换成文档里的说法。每行一项：冒号前是文档里的词，后面是一个口语词或 [词, 词] 列表，例如“开放时间: [开门, 开馆]”。保存前会检查格式，有问题会指出行号。</p>
    <form id="synonyms-form">
      <label for="synonyms-text">knowledge/synonyms.yaml</label>
      <textarea id="synonyms-text" name="synonyms" rows="8" spellcheck="false" aria-describedby="synonyms-help synonyms-result"></textarea>
      <div class="row"><button type="submit">保存并生效</button><span id="synonyms-count" class="muted"></span></div>
      <p id="synonyms-result" role="status"></p>
    </form>
  </section>
  <section aria-labelledby="gaps-title">
    <h2 id="gaps-title">近 30 天没答上或答得不确定的问题</h2>
    <p id="stats" class="muted"></p>
    <table><thead><tr><th scope="col">问题</th><th scope="col">次数</th><th scope="col">相似的问法</th><th scope="col">原因</th><th scope="col">最近</th></tr></thead>
    <tbody id="gaps"></tbody></table>
  </section>
</div>
</main>
<script src="/assets/admin-sync.js" defer></script>`,
});

export const ADMIN_JS = String.raw`
'use strict';
(function () {
  var ob = window.ob, el = ob.el;

  var REASONS = Object.assign({ low_answer: '答了但把握不大' }, ob.REASONS);
  function warningItem(w) { return el('li', { className: w.loaded ? 'warn' : 'error', text: w.text + (w.loaded ? '' : '（未加载）') }); }

  /** Says how many documents loaded and how many did not; "green" only when nothing was skipped. */
  function showReport(r) {
    var box = document.getElementById('report');
    var lines = [];
    var skipped = (r.skipped || []).length;
    if (r.ok) {
      var head = '已加载 ' + r.documents + ' 篇文档（' + r.chunks + ' 个片段），用时 ' + r.seconds + ' 秒' + (r.reused ? '，内容没有变化' : '');
      lines.push(skipped
        ? el('p', { className: 'error', text: head + '；' + skipped + ' 篇文档未加载，原因如下：' })
        : el('p', { className: r.warnings.length ? 'warn' : 'ok', text: head + (r.warnings.length ? '；有 ' + r.warnings.length + ' 个问题需要看一下：' : '，全部文档都已加载。') }));
      [['新增', r.added], ['修改', r.changed], ['删除', r.removed]].forEach(function (p) {
        if (p[1].length) lines.push(el('p', { text: p[0] + '：' + p[1].join('、') }));
      });
    } else {
      lines.push(el('p', { className: 'error', text: '加载失败，仍在使用之前的知识库：' + (r.errorText || r.error) + '。' }));
    }
    if (r.warnings.length) lines.push(el('ul', {}, r.warnings.map(warningItem)));
    box.replaceChildren.apply(box, lines);
  }

  function loadStatus() {
    return ob.api('GET', '/api/admin/knowledge').then(function (r) {
      var d = r.data;
      document.getElementById('summary').textContent = d.documentCount + ' 篇文档，' + d.chunkCount + ' 个片段' +
        (d.lastReload ? '；最近加载：' + ob.time(d.lastReload.at) + (d.lastReload.report.ok ? '' : '（失败）') : '');
      var warnings = document.getElementById('warnings');
      warnings.replaceChildren.apply(warnings, d.warnings.length ? d.warnings.map(warningItem) : [el('li', { className: 'muted', text: '没有问题。' })]);
      var tbody = document.getElementById('documents');
      tbody.replaceChildren.apply(tbody, d.documents.map(function (doc) {
        return el('tr', {}, [el('td', { text: doc.path }), el('td', { text: doc.title }), el('td', { text: doc.category || '' }), el('td', { text: String(doc.chunks) })]);
      }));
    }).catch(function (e) { document.getElementById('summary').textContent = '读取状态失败：' + e.message; });
  }

  function loadGaps() {
    return ob.api('GET', '/api/admin/questions?days=30').then(function (r) {
      var s = r.data.stats;
      document.getElementById('stats').textContent = '今天 ' + s.today.total + ' 问（转人工 ' + s.today.escalated + '），本周 ' + s.week.total + ' 问（转人工 ' + s.week.escalated + '）。' +
        (r.data.resolved ? r.data.resolved + ' 个问题现在已经能答上（如新加的常见问题），不再列出。' : '');
      var tbody = document.getElementById('gaps');
      var rows = r.data.groups.map(function (g) {
        var reasons = Object.keys(g.reasons).map(function (k) { return (REASONS[k] || k) + ' ' + g.reasons[k]; }).join('，');
        return el('tr', {}, [el('td', { text: g.question }), el('td', { text: String(g.count) }), el('td', { text: g.variants.join(' / ') }), el('td', { text: reasons }), el('td', { text: ob.time(g.lastAt) })]);
      });
      tbody.replaceChildren.apply(tbody, rows.length ? rows : [el('tr', {}, [el('td', { colspan: '5', className: 'muted', text: '近 30 天没有这类问题。' })])]);
    }).catch(function (e) { document.getElementById('stats').textContent = '读取问题失败：' + e.message; });
  }

  // The website sync section (a script of its own) announces the documents a sync brought in.
  document.addEventListener('ob:knowledge-changed', loadStatus);

  var reload = document.getElementById('reload');
  reload.addEventListener('click', function () {
    reload.disabled = true;
    document.getElementById('report').textContent = '正在重新加载…';
    ob.api('POST', '/api/admin/reload').then(function (r) { showReport(r.data.report); return loadStatus(); })
      .catch(function (e) { document.getElementById('report').textContent = '重新加载失败：' + e.message; })
      .then(function () { reload.disabled = false; });
  });

  var form = document.getElementById('upload-form');
  var fileInput = document.getElementById('file');
  var pathInput = document.getElementById('path');
  fileInput.addEventListener('change', function () {
    if (fileInput.files[0] && !pathInput.value) pathInput.value = fileInput.files[0].name;
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var out = document.getElementById('upload-result');
    var file = fileInput.files[0];
    if (!file) return;
    var button = form.querySelector('button');
    button.disabled = true;
    out.className = 'muted'; out.textContent = '正在检查并保存…';
    file.arrayBuffer().then(function (bytes) {
      var url = '/api/admin/documents?path=' + encodeURIComponent(pathInput.value.trim()) + '&replace=' + (form.replace.checked ? 'true' : 'false');
      return ob.api('PUT', url, undefined, bytes);
    }).then(function (r) {
      out.className = 'ok';
      out.textContent = (r.data.saved.replaced ? '已替换 ' : '已保存 ') + r.data.saved.path + '。';
      showReport(r.data.report);
      return loadStatus();
    }).catch(function (e) {
      out.className = 'error';
      out.textContent = '没有保存：' + (e.data && e.data.reason ? e.data.reason + (e.data.line ? '（第 ' + e.data.line + ' 行）' : '') : e.message);
    }).then(function () { button.disabled = false; });
  });

  var synonymsForm = document.getElementById('synonyms-form');
  var synonymsText = document.getElementById('synonyms-text');
  function showSynonymCount(list) { document.getElementById('synonyms-count').textContent = '当前生效 ' + list.length + ' 个口语说法'; }
  function loadSynonyms() {
    return ob.api('GET', '/api/admin/synonyms').then(function (r) {
      synonymsText.value = r.data.text;
      showSynonymCount(r.data.synonyms);
      var out = document.getElementById('synonyms-result');
      out.className = r.data.problem ? 'error' : 'muted';
      out.textContent = r.data.problem ? r.data.problem.text + '（仍在使用上次的同义词）' : '';
    }).catch(function (e) { document.getElementById('synonyms-result').textContent = '读取同义词失败：' + e.message; });
  }
  /** Puts the cursor on the line a problem names, so the admin lands on it. */
  function selectLine(textarea, line) {
    var lines = textarea.value.split('\n');
    var start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    textarea.focus();
    textarea.setSelectionRange(start, start + (lines[line - 1] || '').length);
  }
  synonymsForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var out = document.getElementById('synonyms-result');
    var button = synonymsForm.querySelector('button');
    button.disabled = true;
    out.className = 'muted'; out.textContent = '正在检查并保存…';
    ob.api('PUT', '/api/admin/synonyms', { text: synonymsText.value }).then(function (r) {
      out.className = 'ok';
      out.textContent = '已保存，' + r.data.synonyms.length + ' 个口语说法已生效。';
      showSynonymCount(r.data.synonyms);
      showReport(r.data.report);
    }).catch(function (e) {
      out.className = 'error';
      out.textContent = '没有保存：' + e.message;
      if (e.data && e.data.line) selectLine(synonymsText, e.data.line);
    }).then(function () { button.disabled = false; });
  });

  ob.requireSignIn('admin', function () { loadStatus(); loadSynonyms(); loadGaps(); });
})();
`;
