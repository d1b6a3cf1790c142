import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadWarning } from './types.js';

export interface Listing {
  /** Files below the folder, relative, with forward slashes, sorted. */
  paths: string[];
  /** Files and folders that could not be listed or named: each is skipped, the rest load. */
  warnings: LoadWarning[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A name that is not UTF-8 (GBK from an unzipped archive), shown with its bytes escaped: `\xC8\xEB.md`. */
function escapeName(name: Buffer): string {
  return name.toString('latin1').replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function decodeName(name: Buffer): string | undefined {
  try {
    return utf8.decode(name);
  } catch {
    return undefined;
  }
}

/** "EACCES: permission denied, scandir '/srv/…'" without the absolute path, which says nothing to an admin. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const hints: Record<string, string> = {
    EACCES: 'permission denied; let the bot user read it',
    EPERM: 'permission denied; let the bot user read it',
    ENOENT: 'it is gone or a link that points nowhere',
    ENAMETOOLONG: 'its path is too long for the system; move it higher up',
    ELOOP: 'it is a link that points back to itself',
  };
  return (code && hints[code]) ?? (code ? `the system refused (${code})` : String(error));
}

/**
 * Lists the documents below `root`, skipping hidden entries (`.x`, `_x`, `node_modules`).
 * Names are read as bytes, so a non-UTF-8 name becomes a warning instead of a path that
 * cannot be opened; a folder or link that cannot be read is a warning too. Links to files
 * are followed (an admin may link a shared document in); links to folders are not, so a loop
 * cannot trap the scan. Written by hand: no walker in our dependencies reports both per entry.
 */
export async function listFiles(root: string): Promise<Listing> {
  const listing: Listing = { paths: [], warnings: [] };
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      listing.warnings.push({ path: rel ? `${rel}/` : './', message: `folder cannot be read: ${describeFsError(error)}` });
      return;
    }
    for (const entry of entries) {
      const name = decodeName(entry.name);
      const prefix = rel ? `${rel}/` : '';
      if (name === undefined) {
        listing.warnings.push({ path: prefix + escapeName(entry.name), message: 'name is not UTF-8 (perhaps from an archive made on Windows); rename it' });
        continue;
      }
      if (name.startsWith('.') || name.startsWith('_') || name === 'node_modules') continue;
      const path = prefix + name;
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        listing.paths.push(path);
      } else if (entry.isSymbolicLink()) {
        const target = await stat(join(root, path)).catch((error: unknown) => error as Error);
        if (target instanceof Error) listing.warnings.push({ path, message: `cannot be read: ${describeFsError(target)}` });
        else if (target.isFile()) listing.paths.push(path);
        else if (target.isDirectory()) listing.warnings.push({ path, message: 'is a link to a folder; links to folders are not followed, copy the folder in instead' });
      }
    }
  };
  await walk('');
  listing.paths.sort();
  return listing;
}
