import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { DocumentError } from '../../../core/errors.js';
import type { ReloadReport } from '../../../knowledge/knowledge-base.js';
import { parseSynonyms, readSynonymsText, SYNONYMS_FILE } from '../../../knowledge/synonyms.js';
import type { LoadWarning } from '../../../knowledge/types.js';
import { reloadErrorText, uploadProblemText, warningText } from '../../../prompts/messages.js';
import { MAX_UPLOAD_BYTES, UploadError, saveDocument } from '../documents.js';
import { HttpError, readJson, readQuery } from '../http-error.js';
import { QuestionReview } from '../review-questions.js';
import { jsonLimit, signedIn, type ApiContext, type Env } from './context.js';

const uploadQuery = z.object({
  path: z.string().min(1, 'is empty; give a path inside knowledge/, e.g. "housing/rent.md"').max(300),
  replace: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});

const questionsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
});

const synonymsBody = z.object({ text: z.string().max(64_000, 'is longer than 64000 characters') });

/** A warning with the sentence a person reads beside the English the log keeps. */
function withText(w: LoadWarning) {
  return { ...w, text: warningText(w) };
}

/** The report as the admin page shows it: Chinese sentences for each problem and for a failure. */
function reportView(r: ReloadReport) {
  return { ...r, warnings: r.warnings.map(withText), ...(r.error ? { errorText: reloadErrorText(r.error) } : {}) };
}

/** The admin page: the knowledge base, reloads, uploads, synonyms, and the questions the documents did not answer well. */
export function adminRoutes({ app, log }: ApiContext): Hono<Env> {
  const routes = new Hono<Env>();
  const review = new QuestionReview({
    tickets: app.tickets, questions: app.questions, answerer: app.answerer, knowledge: app.knowledge, reviewBelow: app.config.web.reviewBelow,
  });

  routes.get('/admin/knowledge', signedIn('admin'), (c) => {
    const index = app.knowledge.current();
    const chunksPerDoc = new Map<string, number>();
    for (const chunk of index.chunks) chunksPerDoc.set(chunk.docPath, (chunksPerDoc.get(chunk.docPath) ?? 0) + 1);
    const last = app.knowledge.lastReload;
    return c.json({
      documents: index.documents.map((d) => ({
        path: d.path, title: d.title, format: d.format, category: d.category ?? null, chunks: chunksPerDoc.get(d.path) ?? 0,
      })),
      documentCount: index.documents.length,
      chunkCount: index.chunks.length,
      warnings: index.warnings.map(withText),
      lastReload: last ? { at: last.at.toISOString(), report: reportView(last.report) } : null,
    });
  });

  routes.post('/admin/reload', signedIn('admin'), async (c) => {
    const report = await app.reload();
    log.info({ ok: report.ok, documents: report.documents, skipped: report.skipped.length }, 'reload from the admin page');
    return c.json({ report: reportView(report) });
  });

  routes.put(
    '/admin/documents',
    signedIn('admin'),
    bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: () => { throw new HttpError(413, `file is larger than ${MAX_UPLOAD_BYTES / 1048576} MiB`, { message: uploadProblemText(`file is larger than ${MAX_UPLOAD_BYTES / 1048576} MiB`) }); } }),
    async (c) => {
      const q = readQuery(c, uploadQuery);
      const bytes = Buffer.from(await c.req.arrayBuffer());
      let saved;
      try {
        saved = await saveDocument(app.knowledge.knowledgeDir, q.path, bytes, q.replace);
      } catch (error) {
        if (error instanceof UploadError) throw new HttpError(error.status, error.message, { message: uploadProblemText(error.message) });
        if (error instanceof DocumentError) {
          const message = warningText({ path: error.path, line: error.line, message: error.message.replace(/^[^:]+(:\d+)?: /, '') });
          throw new HttpError(422, error.message, { file: error.path, line: error.line ?? null, message });
        }
        throw error;
      }
      log.info({ path: saved.path, replaced: saved.replaced, bytes: saved.bytes }, 'document uploaded');
      const report = await app.reload();
      return c.json({ saved, report: reportView(report) }, saved.replaced ? 200 : 201);
    },
  );

  routes.get('/admin/synonyms', signedIn('admin'), async (c) => {
    const text = await readSynonymsText(app.knowledge.knowledgeDir);
    const problem = app.knowledge.synonymsProblem;
    return c.json({ text, synonyms: app.knowledge.synonyms, problem: problem ? withText(problem) : null });
  });

  // Checked before it is written, so a broken file never reaches knowledge/; then reloaded like documents.
  routes.put('/admin/synonyms', signedIn('admin'), jsonLimit, async (c) => {
    const { text } = await readJson(c, synonymsBody);
    try {
      parseSynonyms(text);
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      const english = error.message.replace(/^[^:]+(:\d+)?: /, '');
      throw new HttpError(422, error.message, { line: error.line ?? null, message: warningText({ path: SYNONYMS_FILE, line: error.line, message: english }) });
    }
    const dir = app.knowledge.knowledgeDir;
    const tmp = join(dir, `.synonyms-${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, text.endsWith('\n') || text === '' ? text : `${text}\n`, { flag: 'wx' });
      await rename(tmp, join(dir, SYNONYMS_FILE));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const report = await app.reload();
    log.info({ synonyms: app.knowledge.synonyms.length }, 'synonyms saved from the admin page');
    return c.json({ synonyms: app.knowledge.synonyms, report: reportView(report) });
  });

  routes.get('/admin/questions', signedIn('admin'), async (c) => {
    const q = readQuery(c, questionsQuery);
    const now = app.clock.now();
    const since = new Date(now.getTime() - q.days * 86_400_000);
    const { groups, resolved } = await review.list(since);
    return c.json({ days: q.days, since: since.toISOString(), stats: app.questions.stats(now), groups, resolved });
  });

  return routes;
}
