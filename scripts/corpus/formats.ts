import type { Facts } from './facts.js';
import type { Doc, Section } from './hr-guides.js';

/** The guide as a Markdown file with front matter. */
export function markdown(doc: Doc, f: Facts, index: number): string {
  const updated = f.date(f.pick([2024, 2025])).iso;
  const body = doc.sections.map((s) => `## ${s.heading}\n\n${s.lines.join('\n')}\n`).join('\n');
  return [
    '---',
    `title: ${doc.title}`,
    `category: ${doc.category}`,
    `updated: ${updated}`,
    `source: https://hr.qingyu-univ.example/bench/${doc.category}/${index}.html`,
    '---',
    '',
    `# ${doc.title}`,
    '',
    body,
  ].join('\n');
}

/** The guide as a page of the HR website, with its menu, breadcrumb and footer. */
export function html(doc: Doc, f: Facts, index: number): string {
  const date = f.date(f.pick([2024, 2025])).iso;
  const section = (s: Section) => {
    const table = s.lines.filter((l) => l.startsWith('|') && !/^\|-/.test(l));
    const prose = s.lines.filter((l) => !l.startsWith('|'));
    const rows = table.map((l) => `<tr>${l.split('|').slice(1, -1).map((c) => `<td>${c.trim()}</td>`).join('')}</tr>`).join('\n');
    return `<h2>${s.heading}</h2>\n${prose.map((p) => `<p>${p}</p>`).join('\n')}${rows ? `\n<table>\n${rows}\n</table>` : ''}`;
  };
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${doc.title}-青屿大学人力资源部</title>
<link rel="canonical" href="https://hr.qingyu-univ.example/tzgg/${index}.html"></head>
<body>
<nav class="menu"><ul><li><a href="/">首页</a></li><li><a href="/tzgg/">通知公告</a></li><li><a href="/bszn/">办事指南</a></li><li><a href="/xzzx/">下载中心</a></li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 通知公告 &gt; 正文</div>
<div class="article">
<h1>${doc.title}</h1>
<p class="info">发布时间：${date}　来源：人力资源部</p>
${doc.sections.map(section).join('\n')}
</div>
<footer>版权所有 © 青屿大学人力资源部　地址：屿州市海湾区学府路${f.int(1, 999)}号　电话：${f.phone()}</footer>
</body>
</html>
`;
}
