import { page } from './layout.js';

export { CHAT_JS } from './chat-script.js';

export const CHAT_HTML = page({
  title: '新教职工入职问答 · 人事处',
  script: 'chat.js',
  style: 'chat.css',
  body: `<header>
  <h1>新教职工入职问答</h1>
  <nav aria-label="对话" class="tools">
    <button id="mine-toggle" class="secondary" type="button" aria-expanded="false" aria-controls="mine">我的问题</button>
    <button id="clear" class="secondary" type="button">清除记录</button>
  </nav>
</header>
<main id="main">
  <section id="mine" hidden aria-labelledby="mine-title">
    <h2 id="mine-title">我的问题（转给人事秘书的）</h2>
    <p id="mine-status" class="muted" role="status"></p>
    <ol id="mine-list"></ol>
  </section>
  <section id="intro" hidden aria-labelledby="intro-title">
    <h2 id="intro-title" class="lead">我能根据人事处的文件回答报到、档案、住房、社保医保、工资等入职问题，并注明出处；查不了个人的办理进度，拿不准的问题会转给人事秘书答复。</h2>
    <p class="muted">请不要在这里填写身份证号等个人信息。可以试试这些问题：</p>
    <ul id="examples" class="examples" aria-label="示例问题"></ul>
  </section>
  <ol id="log" aria-label="对话记录"></ol>
</main>
<div id="ask">
  <form id="ask-form">
    <label for="question" class="sr-only">你的问题</label>
    <textarea id="question" name="question" placeholder="输入问题，按回车发送" maxlength="2000" required aria-describedby="ask-hint"></textarea>
    <button type="submit">发送</button>
    <span id="ask-hint" class="sr-only">按回车发送，Shift 加回车换行</span>
  </form>
</div>`,
});

export const CHAT_CSS = String.raw`
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header .tools { display: flex; gap: 0.5rem; flex-wrap: wrap; }
header .tools button { padding: 0.3rem 0.7rem; font-size: 0.95rem; }
#intro .lead { font-size: 1rem; font-weight: normal; margin: 0.5rem 0; }
.examples { list-style: none; padding: 0; margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.examples button { background: #fff; color: var(--accent); border-color: #c5dbf6; border-radius: 1.2rem; text-align: left; max-width: 100%; white-space: normal; }
.examples .cat { color: var(--muted); font-size: 0.85rem; margin-right: 0.35rem; }
#log .source { margin: 0.4rem 0 0; font-size: 0.9rem; color: var(--muted); overflow-wrap: anywhere; }
#log .source a { overflow-wrap: anywhere; }
#log details { margin-top: 0.4rem; font-size: 0.9rem; }
.when { color: var(--muted); font-size: 0.8rem; margin-left: 0.5rem; }
#mine { background: #fff; border: 1px solid var(--line); border-radius: 0.6rem; padding: 0.25rem 1rem 0.75rem; margin: 0.5rem 0 1rem; }
#mine h2 { margin-top: 0.5rem; }
#mine-list { list-style: none; padding: 0; margin: 0; }
#mine-list li { border-top: 1px solid var(--line); padding: 0.5rem 0; overflow-wrap: anywhere; }
#mine-list .q { font-weight: 600; }
.status-open { background: #fff4e0; color: #8a5300; }
.status-answered { background: #e5f4ea; color: var(--ok); }
.status-closed { background: #eceff3; color: var(--muted); }
@media (max-width: 30rem) { header { align-items: center; } header .tools button { padding: 0.25rem 0.55rem; } }
`;
