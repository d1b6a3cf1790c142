import { describe, expect, it } from 'vitest';
import { coreProperties, firstHeading, htmlToBody, markNumberedHeadings, tableLines } from '../../../src/knowledge/loaders/office-text.js';

describe('the text of Office and PDF files as a document body', () => {
  it('writes a table as Markdown rows under its header, evening out ragged rows and keeping a | inside a cell', () => {
    expect(tableLines([['车场', '月费'], ['东区\n地下车库', '150|元'], ['', ''], ['西区']])).toEqual([
      '| 车场 | 月费 |',
      '| --- | --- |',
      '| 东区 地下车库 | 150｜元 |',
      '| 西区 |  |',
    ]);
    expect(tableLines([[' ', '']])).toEqual([]);
  });

  it('marks numbered section titles as headings, but leaves list items and sentences alone', () => {
    const body = ['一、报到时间', '九月一日。', '（二）所需材料', '1. 身份证', '2. 学历证书', '3、地点', '行政楼。', '一、本条很长的句子说明了报到时需要注意的事项。'].join('\n');
    expect(markNumberedHeadings(body).split('\n')).toEqual([
      '## 一、报到时间',
      '九月一日。',
      '### （二）所需材料',
      '1. 身份证',
      '2. 学历证书',
      '3、地点',
      '行政楼。',
      '一、本条很长的句子说明了报到时需要注意的事项。',
    ]);
    // Alone between paragraphs, "1." numbers a section.
    expect(markNumberedHeadings('说明。\n\n1. 报到地点\n\n行政楼一楼。')).toContain('#### 1. 报到地点');
  });

  it('turns converted Word HTML into headings, list lines and table rows, without links or pictures', () => {
    const body = htmlToBody(
      '<h1>校园卡办理</h1><p>带<a href="http://x.example/">身份证</a>办理。<img src="a.png"></p><ul><li>图书馆一楼</li><li>行政楼</li></ul>' +
        '<table><tr><td>地点</td><td>时间</td></tr><tr><td><p>东区</p><p>服务台</p></td><td>8:30</td></tr></table>',
    );
    expect(body).toContain('# 校园卡办理');
    expect(body).toContain('带身份证办理。');
    expect(body).not.toMatch(/x\.example|a\.png/);
    expect(body).toMatch(/- 图书馆一楼\n- 行政楼/);
    expect(body).toContain('| 地点 | 时间 |\n| --- | --- |\n| 东区服务台 | 8:30 |');
  });

  it('reads the title and date an Office file keeps, decoding entities, and takes a blank title as none', () => {
    const core = (title: string) =>
      Buffer.from(`<cp:coreProperties><dc:title>${title}</dc:title><dcterms:modified xsi:type="dcterms:W3CDTF">2025-07-08T09:00:00Z</dcterms:modified></cp:coreProperties>`);
    expect(coreProperties(core('工资 &amp; 福利 &#x6307;&#21335;'))).toEqual({ title: '工资 & 福利 指南', updated: '2025-07-08' });
    expect(coreProperties(core('  '))).toEqual({ title: undefined, updated: '2025-07-08' });
    expect(coreProperties(undefined)).toEqual({});
  });

  it('takes the first heading of a body as its title', () => {
    expect(firstHeading('正文。\n\n## 报到须知 \n\n# 后面的标题')).toBe('报到须知');
    expect(firstHeading('没有标题的正文。')).toBeUndefined();
  });
});
