// The folders one index covers. With one folder, index paths are relative to it (`src/a.ts`); with several, they
// start with the folder's name (`api/src/a.ts`, as VS Code shows paths in a multi-root workspace), so equal
// relative paths in two folders stay apart and a result says which folder it is in.
import * as path from 'node:path';
import type { FileSelectionOptions } from './fileSelection';

export interface IndexFolder {
  /** The name shown in paths when there are several folders (VS Code's folder name). */
  name: string;
  /** Absolute path of the folder on disk. */
  path: string;
  /** This folder's excludes and size limit. */
  selection?: FileSelectionOptions;
}

/** A file of the index: its folder, its path inside that folder, and its path on disk. */
export interface FolderFile {
  folder: IndexFolder;
  rel: string;
  abs: string;
}

export class IndexFolders {
  readonly list: readonly IndexFolder[];

  constructor(folders: readonly IndexFolder[]) {
    // Names become a path segment: no slashes, and two folders of the same name get " (2)", " (3)"…
    const used = new Set<string>();
    this.list = folders.map((f) => {
      const base = f.name.replace(/[/\\]/g, '-') || path.basename(f.path) || 'folder';
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base} (${n})`;
      used.add(name);
      return { ...f, name };
    });
  }

  get prefixed(): boolean {
    return this.list.length > 1;
  }

  /** The index path of `rel` (forward slashes) inside `folder`. */
  indexPath(folder: IndexFolder, rel: string): string {
    return this.prefixed ? `${folder.name}/${rel}` : rel;
  }

  /** The folder and disk path of an index path; undefined when no folder of the index holds it. */
  resolve(indexPath: string): FolderFile | undefined {
    let folder: IndexFolder | undefined = this.list[0];
    let rel = indexPath;
    if (this.prefixed) {
      const cut = indexPath.indexOf('/');
      folder = cut > 0 ? this.list.find((f) => f.name === indexPath.slice(0, cut)) : undefined;
      rel = indexPath.slice(cut + 1);
    }
    if (!folder || escapes(rel)) return undefined;
    return { folder, rel, abs: path.join(folder.path, ...rel.split('/')) };
  }

  /** The index path of a file on disk (the innermost folder holding it), or undefined outside every folder. */
  indexPathOf(abs: string): string | undefined {
    let best: { folder: IndexFolder; rel: string } | undefined;
    for (const folder of this.list) {
      const rel = path.relative(folder.path, abs);
      if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || rel.length < best.rel.length) best = { folder, rel };
    }
    return best && this.indexPath(best.folder, best.rel.split(path.sep).join('/'));
  }
}

/** True for a path that could leave its folder or names none. */
function escapes(rel: string): boolean {
  return rel === '' || rel.split('/').some((s) => s === '..' || s === '');
}
