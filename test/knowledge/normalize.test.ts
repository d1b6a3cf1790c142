import { describe, expect, it } from 'vitest';
import { cleanText, matchForm } from '../../src/knowledge/normalize.js';

describe('text as loaders hand it on', () => {
  it('drops the byte-order mark and zero-width characters, unifies line ends and trims each line', () => {
    expect(cleanText('\uFEFF报到\u200B须知\r\n\u3000\u3000一、时间：9月1日  \r二、地点\n')).toBe('报到须知\n一、时间：9月1日\n二、地点');
  });

  it('keeps one blank line between paragraphs, never more', () => {
    expect(cleanText('第一段\n\n\n\n第二段')).toBe('第一段\n\n第二段');
  });
});

describe('the form text is matched in', () => {
  it('turns full-width letters and digits into plain lower-case ASCII and folds white space', () => {
    expect(matchForm('ＨＲ  电话：０５７１－８８８８１２３４')).toBe('hr 电话:0571-88881234');
  });

  it('unifies the dashes people type between numbers', () => {
    expect(matchForm('8:30—11:30，9月1日～3日')).toBe('8:30-11:30,9月1日-3日');
  });
});
