import { splitUnits } from '../../../src/answer/units.js';
import { DocumentError } from '../../../src/core/errors.js';
import { chunkDocument } from '../../../src/knowledge/chunker.js';
import type { LoadedContent } from '../../../src/knowledge/types.js';

/**
 * The units a reader can be answered with, each with the headings of its chunk: what a loader's
 * output becomes once chunked, so a loader test can say what a question would find.
 */
export async function answerableUnits(path: string, content: LoadedContent) {
  const chunks = await chunkDocument({ ...content, path, title: content.title ?? path, hash: 'h' }, 0);
  return chunks.flatMap((chunk) => splitUnits(chunk).map((unit) => ({ text: unit.text, headings: chunk.headings, kind: unit.kind })));
}

/** The error a load ends in, sync or async, so each case can say what the admin reads. */
export async function failureOf(load: () => unknown): Promise<DocumentError> {
  const error = await Promise.resolve()
    .then(load)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (error instanceof DocumentError) return error;
  throw new Error(`expected the load to fail with a DocumentError, got ${String(error)}`);
}

/** A news article as the HR site exports it: a header of labelled lines, then the prose. */
export const NEWS = `标题: 集中报到顺利完成
发布日期: 日期：2025-9-5 09:15
浏览次数: 2156
正文内容:
8月25日至8月29日，人力资源部在明德楼集中办理现场报到。

首月工资将于10月10日发放。
`;
