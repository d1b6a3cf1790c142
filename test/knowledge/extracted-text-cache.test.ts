import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot, type BuildRequest } from '../../src/knowledge/build-snapshot.js';
import { ExtractedTextCache } from '../../src/knowledge/extracted-text-cache.js';
import { LocalEmbeddings } from '../../src/retrieval/local-embeddings.js';
import { docx, pdf } from './office-fixtures.js';

const embeddings = new LocalEmbeddings();
const choice = { embeddings, id: embeddings.id };

describe('the text read out of Office and PDF files between builds', () => {
  let root: string;
  let request: BuildRequest;
  const build = async () => {
    const { outcome, built } = await buildSnapshot(request, choice);
    expect(outcome.kind).toBe('saved');
    return built!;
  };
  const bodyOf = (index: Awaited<ReturnType<typeof build>>, path: string) =>
    index.chunks.filter((c) => c.docPath === path).map((c) => c.text).join('\n');
  const entries = async () => {
    const [version] = await readdir(join(root, 'extracted'));
    return readdir(join(root, 'extracted', version!));
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'extracted-'));
    await mkdir(join(root, 'kb'));
    await writeFile(join(root, 'kb', 'note.md'), '# 说明\n\n报到请带身份证。\n');
    await writeFile(join(root, 'kb', 'print.pdf'), pdf([[{ text: '行政楼一楼文印室为各部门免费复印报到材料，每人每次不超过二十页。' }]]));
    await writeFile(join(root, 'kb', 'card.docx'), docx([{ text: '校园卡在图书馆一楼服务台办理，带身份证即可。' }]));
    request = { knowledgeDir: join(root, 'kb'), indexDir: join(root, 'index'), before: {}, initial: true, extractedDir: join(root, 'extracted') };
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('are kept after a build and read from there by the next one', async () => {
    expect(bodyOf(await build(), 'print.pdf')).toContain('文印室');
    expect(await entries()).toHaveLength(2);
    // The kept text stands for the file: a build that read the PDF again would not say this.
    const [version] = await readdir(join(root, 'extracted'));
    for (const name of await entries()) {
      const file = join(root, 'extracted', version!, name);
      await writeFile(file, (await readFile(file, 'utf8')).replace('文印室', '复印中心'));
    }
    await writeFile(join(root, 'kb', 'note.md'), '# 说明\n\n报到请带身份证和照片。\n');
    expect(bodyOf(await build(), 'print.pdf')).toContain('复印中心');
  });

  it('are read again for a changed file, and a moved one is named after its new path', async () => {
    await build();
    await writeFile(join(root, 'kb', 'print.pdf'), pdf([[{ text: '文印室搬到了行政楼二楼，每人每次仍不超过二十页。' }]]));
    await rename(join(root, 'kb', 'card.docx'), join(root, 'kb', 'campus-card.docx'));
    const index = await build();
    expect(bodyOf(index, 'print.pdf')).toContain('二楼');
    expect(index.documents.find((d) => d.path === 'campus-card.docx')?.title).toBe('campus-card');
    // The texts of the old bytes and the old path are gone with them.
    expect(await entries()).toHaveLength(2);
  });

  it('are read again when an entry is damaged, or was written by other loaders', async () => {
    await build();
    const [version] = await readdir(join(root, 'extracted'));
    for (const name of await entries()) await writeFile(join(root, 'extracted', version!, name), '{"format":');
    await rename(join(root, 'extracted', version!), join(root, 'extracted', 'older-loaders'));
    await writeFile(join(root, 'kb', 'note.md'), '# 说明\n\n报到请带身份证和照片。\n');
    expect(bodyOf(await build(), 'print.pdf')).toContain('文印室');
    expect(await readdir(join(root, 'extracted'))).toEqual([version]);
  });

  it('never stop a build when they cannot be written', async () => {
    await writeFile(join(root, 'extracted'), 'not a folder');
    expect(bodyOf(await build(), 'print.pdf')).toContain('文印室');
    const cache = await ExtractedTextCache.open(join(root, 'extracted'));
    expect(await cache.get('print.pdf', await readFile(join(root, 'kb', 'print.pdf')))).toBeUndefined();
  });
});
