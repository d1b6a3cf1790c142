import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../../src/core/errors.js';
import { loadPdf } from '../../../src/knowledge/loaders/pdf-loader.js';
import { pdf } from '../office-fixtures.js';

/** The error a load ends in, so each case can say what the admin reads. */
async function failureOf(path: string, bytes: Buffer): Promise<DocumentError> {
  const error = await loadPdf(path, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('the PDF loader', () => {
  const handbook = pdf(
    [
      [
        { text: '新进教职工手册', size: 22 },
        { text: '第一部分 报到', size: 16 },
        { text: '报到手续在行政楼B座217室办理，请携带身份证原件。' },
      ],
      [
        { text: '第二部分 住房', size: 16 },
        { text: '周转房申请', size: 14 },
        { text: '周转房每年三月和九月集中受理，申请表交人事处住房科。' },
      ],
    ],
    { modDate: "D:20250915083000+08'00'" },
  );

  it('reads the text of every page in order', async () => {
    const { body, format, bodyLine } = await loadPdf('checkin/handbook.pdf', handbook);
    expect(format).toBe('pdf');
    expect(bodyLine).toBe(1);
    const first = body.indexOf('行政楼B座217室');
    const second = body.indexOf('人事处住房科');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
  });

  it('makes headings of larger type, one level per size, body type left as text', async () => {
    const { body } = await loadPdf('checkin/handbook.pdf', handbook);
    expect(body).toMatch(/^# 新进教职工手册$/m);
    expect(body).toMatch(/^## 第一部分 报到$/m);
    expect(body).toMatch(/^## 第二部分 住房$/m);
    expect(body).toMatch(/^### 周转房申请$/m);
    expect(body).toMatch(/^周转房每年三月和九月集中受理/m);
  });

  it('takes the first heading as title and the modification date as the update, when the file names no title', async () => {
    expect(await loadPdf('checkin/handbook.pdf', handbook)).toMatchObject({ title: '新进教职工手册', updated: '2025-09-15' });
    const titled = pdf([[{ text: '体检须知', size: 18 }, { text: '体检请空腹前往校医院，费用由个人先行垫付。' }]], { title: '2025年入职体检须知' });
    expect(await loadPdf('checkin/exam.pdf', titled)).toMatchObject({ title: '2025年入职体检须知', updated: undefined });
  });

  it('names the file and says why for a PDF cut short, a password-protected one, a renamed text file and a scan', async () => {
    const cut = await failureOf('site/hr/banfa.pdf', handbook.subarray(0, 200));
    expect(cut.message).toMatch(/^site\/hr\/banfa\.pdf: /);
    expect(cut.path).toBe('site/hr/banfa.pdf');

    const locked = await failureOf('hr/locked.pdf', pdf([[{ text: '保密文件，仅限人事处内部使用。' }]], { encrypted: true }));
    expect(locked.message).toBe('hr/locked.pdf: file is password-protected; save it again without a password');

    const renamed = await failureOf('hr/notes.pdf', Buffer.from('这其实是一个文本文件，不是 PDF。'));
    expect(renamed.message).toBe('hr/notes.pdf: file is not a PDF or is damaged');

    const scan = await failureOf('hr/scan.pdf', pdf([[], []]));
    expect(scan.message).toBe('hr/scan.pdf: no text: scanned? run OCR first');
  });

  it('reads a good file after a bad one: a failure leaves nothing behind', async () => {
    await failureOf('hr/empty.pdf', Buffer.alloc(0));
    expect((await loadPdf('checkin/handbook.pdf', handbook)).body).toContain('行政楼B座217室');
  });
});
