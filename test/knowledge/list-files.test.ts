import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { listFiles } from '../../src/knowledge/list-files.js';
import { silentLogger } from '../../src/logging/logger.js';
import { LocalEmbeddings } from '../../src/retrieval/local-embeddings.js';

const GOOD = '# 报到须知\n\n报到时请携带身份证原件和学历学位证书原件，到人事处服务窗口办理。\n';

/**
 * Builds a folder nested so deep that its path passes the system's 4,096-byte limit, the way
 * an archive unpacked by hand can: one level at a time from inside, as no path may be that
 * long. Tests run as root, for whom a chmod 000 file or folder still reads; a path too long to
 * open fails for everyone, so it stands in for a file and a folder that cannot be read.
 * The tests run in child processes (vitest's forks pool), where changing directory is allowed.
 */
function tooDeep(root: string): { fileNameTooLong: string } {
  const name = 'd'.repeat(250);
  const fileNameTooLong = `${'f'.repeat(240)}.md`;
  const home = process.cwd();
  try {
    process.chdir(root);
    let depth = root.length;
    for (let i = 0; depth < 4096 + 300; i++) {
      mkdirSync(name);
      process.chdir(name);
      depth += name.length + 1;
      // The last folder whose own path still opens holds a file whose full path does not.
      if (depth < 4096 && depth + 1 + fileNameTooLong.length > 4096) writeFileSync(fileNameTooLong, GOOD);
    }
    writeFileSync('lost.md', GOOD);
  } finally {
    process.chdir(home);
  }
  return { fileNameTooLong };
}

describe('listing a knowledge folder with bad entries', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'list-files-'));
    await writeFile(join(dir, 'good.md'), GOOD);
  });
  afterEach(() => {
    // A tree deeper than the path limit needs a remover that walks it one level at a time.
    execFileSync('rm', ['-rf', dir]);
  });

  it('warns about a GBK-named file, showing its name escaped, and lists the rest', async () => {
    await mkdir(join(dir, 'archive'));
    // "入职.md" in GBK, as an archive made on a Chinese Windows unpacks on Linux.
    const gbk = Buffer.concat([Buffer.from(join(dir, 'archive') + '/'), Buffer.from([0xc8, 0xeb, 0xd6, 0xb0]), Buffer.from('.md')]);
    await writeFile(gbk, GOOD);
    const listing = await listFiles(dir);
    expect(listing.paths).toEqual(['good.md']);
    expect(listing.warnings).toEqual([{ path: 'archive/\\xC8\\xEB\\xD6\\xB0.md', message: expect.stringMatching(/not UTF-8.*rename/) }]);
  });

  it('warns about a link that points nowhere and one to a folder; follows one to a file', async () => {
    await writeFile(join(dir, 'elsewhere.txt'), GOOD);
    await symlink(join(dir, 'missing.md'), join(dir, 'broken.md'));
    await symlink(join(dir, 'elsewhere.txt'), join(dir, 'linked.md'));
    await mkdir(join(dir, 'folder'));
    await symlink(dir, join(dir, 'folder', 'loop.md'));
    const listing = await listFiles(dir);
    expect(listing.paths).toEqual(['elsewhere.txt', 'good.md', 'linked.md']);
    expect(listing.warnings).toEqual([
      { path: 'broken.md', message: expect.stringMatching(/cannot be read: .*points nowhere/) },
      { path: 'folder/loop.md', message: expect.stringMatching(/link to a folder/) },
    ]);
  });

  it('warns about a folder that cannot be opened, naming it, and lists the rest', async () => {
    tooDeep(dir);
    const listing = await listFiles(dir);
    expect(listing.paths).toContain('good.md');
    expect(listing.warnings).toEqual([
      { path: expect.stringMatching(/^(d+\/)+$/), message: 'folder cannot be read: its path is too long for the system; move it higher up' },
    ]);
  });
});

describe('loading a knowledge base with every kind of bad document', () => {
  let dir: string;
  let data: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bad-docs-'));
    data = await mkdtemp(join(tmpdir(), 'bad-docs-data-'));
  });
  afterEach(async () => {
    execFileSync('rm', ['-rf', dir]);
    await rm(data, { recursive: true, force: true });
  });

  it('loads the good documents and names each bad one in a warning', async () => {
    await writeFile(join(dir, 'good.md'), GOOD);
    await writeFile(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xd7, 0xa1, 0xb7, 0xbf]), Buffer.from('.md')]), GOOD);
    await writeFile(join(dir, 'nested.html'), `<html><body>${'<div>'.repeat(3000)}正文${'</div>'.repeat(3000)}</body></html>`);
    await symlink(join(dir, 'gone.md'), join(dir, 'unreadable.md'));
    const { fileNameTooLong } = tooDeep(dir);
    const knowledge = new KnowledgeBase({
      knowledgeDir: dir,
      indexDir: join(data, 'index'),
      embeddings: { embeddings: new LocalEmbeddings(), id: 'local' },
      log: silentLogger(),
      clock: systemClock,
    });
    const report = await knowledge.open();
    expect(report.ok).toBe(true);
    expect(knowledge.current().documents.map((d) => d.path)).toEqual(['good.md']);
    const warned = report.warnings.map((w) => w.path);
    expect(warned).toContain('\\xD7\\xA1\\xB7\\xBF.md');
    expect(warned).toContain('nested.html');
    expect(warned).toContain('unreadable.md');
    expect(warned.filter((p) => p.endsWith('/'))).toHaveLength(1);
    expect(report.warnings.find((w) => w.path.endsWith(fileNameTooLong))?.message).toMatch(/^cannot be read: its path is too long/);
    expect(report.warnings.find((w) => w.path === 'nested.html')?.message).toMatch(/nests 300\d levels deep; the limit is 500/);
  });
});
