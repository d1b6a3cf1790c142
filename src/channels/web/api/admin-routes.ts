import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { DocumentError } from '../../../core/errors.js';
import { MAX_UPLOAD_BYTES, UploadError, saveDocument } from '../documents.js';
import { HttpError, readQuery } from '../http-error.js';
import { groupQuestions } from '../question-groups.js';
import { signedIn, type ApiContext, type Env } from './context.js';

const GAP_REASONS = new Set(['low_confidence', 'no_match']);

const uploadQuery = z.object({
  path: z.string().min(1, 'is empty; give a path inside knowledge/, e.g. "housing/rent.md"').max(300),
  replace: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});

const questionsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
});

/** The admin page: the knowledge base, reloads, uploads, and the questions the documents did not answer. */
export function adminRoutes({ app, log }: ApiContext): Hono<Env> {
  const routes = new Hono<Env>();

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
      warnings: index.warnings,
      lastReload: last ? { at: last.at.toISOString(), report: last.report } : null,
    });
  });

  routes.post('/admin/reload', signedIn('admin'), async (c) => {
    const report = await app.reload();
    log.info({ ok: report.ok, documents: report.documents }, 'reload from the admin page');
    return c.json({ report });
  });

  routes.put(
    '/admin/documents',
    signedIn('admin'),
    bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: () => { throw new HttpError(413, `file is larger than ${MAX_UPLOAD_BYTES / 1048576} MiB`); } }),
    async (c) => {
      const q = readQuery(c, uploadQuery);
      const bytes = Buffer.from(await c.req.arrayBuffer());
      let saved;
      try {
        saved = await saveDocument(app.knowledge.knowledgeDir, q.path, bytes, q.replace);
      } catch (error) {
        if (error instanceof UploadError) throw new HttpError(error.status, error.message);
        if (error instanceof DocumentError) {
          const reason = error.problem ? app.templates.render(`document-${error.problem.code}`, error.problem.values) : null;
          throw new HttpError(422, error.message, { file: error.path, line: error.line ?? null, reason });
        }
        throw error;
      }
      log.info({ path: saved.path, replaced: saved.replaced, bytes: saved.bytes }, 'document uploaded');
      const report = await app.reload();
      return c.json({ saved, report }, saved.replaced ? 200 : 201);
    },
  );

  routes.get('/admin/questions', signedIn('admin'), (c) => {
    const q = readQuery(c, questionsQuery);
    const now = app.clock.now();
    const since = new Date(now.getTime() - q.days * 86_400_000);
    const asked = app.tickets
      .listSince(since)
      .filter((t) => GAP_REASONS.has(t.reason))
      .map((t) => ({ text: t.question, at: t.createdAt, reason: t.reason }));
    return c.json({ days: q.days, since: since.toISOString(), stats: app.questions.stats(now), groups: groupQuestions(asked) });
  });

  return routes;
}
