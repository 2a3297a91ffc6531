// The core's path guard fed with what VS Code knows: the workspace folders, real paths on disk, `files.exclude`
// and each folder's root `.gitignore` (read again when it changes). Every workspace tool resolves paths here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  createIgnoreMatcher,
  guardPath,
  secretReason,
  type GuardedPath,
  type WorkspaceRoot,
} from '../../core';
import { readFilesExclude } from '../config';

type Matcher = (relative: string) => string | undefined;

const toPosix = (p: string): string => p.split(path.sep).join('/');

function realpath(p: string): string | undefined {
  try {
    return toPosix(fs.realpathSync.native(p));
  } catch {
    return undefined;
  }
}

export interface GuardOptions {
  /** A file create_file is about to make. */
  mayNotExist?: boolean;
  /** The user approved reading a file that files.exclude / .gitignore leave out (never a secret). */
  allowExcluded?: boolean;
}

export class WorkspaceGuard {
  private readonly matchers = new Map<string, { mtime: number; excludes: string; match: Matcher }>();

  roots(): WorkspaceRoot[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => ({ name: f.name, path: toPosix(f.uri.fsPath) }));
  }

  resolve(input: string, options: GuardOptions = {}): GuardedPath {
    return guardPath(input, {
      roots: this.roots(),
      realpath,
      mayNotExist: options.mayNotExist,
      isExcluded: options.allowExcluded ? undefined : (rel, root) => this.matcher(root)(rel),
    });
  }

  /** A path the guard refuses only because of files.exclude / .gitignore (so a read may ask for approval). */
  isOnlyExcluded(input: string): boolean {
    const strict = this.resolve(input);
    return !strict.ok && this.resolve(input, { allowExcluded: true }).ok;
  }

  /** For listings: true when a workspace-relative path may be shown to the model. */
  visible(root: WorkspaceRoot, relative: string): boolean {
    return !secretReason(relative) && !this.matcher(root)(relative);
  }

  private matcher(root: WorkspaceRoot): Matcher {
    const gitignore = path.join(root.path, '.gitignore');
    let mtime = 0;
    try {
      mtime = fs.statSync(gitignore).mtimeMs;
    } catch {
      mtime = -1;
    }
    const excludeGlobs = readFilesExclude(vscode.Uri.file(root.path));
    const excludes = excludeGlobs.join('\n');
    const cached = this.matchers.get(root.path);
    if (cached && cached.mtime === mtime && cached.excludes === excludes) return cached.match;
    const text = mtime >= 0 ? fs.readFileSync(gitignore, 'utf8') : '';
    const match = createIgnoreMatcher({ excludeGlobs, gitignore: text });
    this.matchers.set(root.path, { mtime, excludes, match });
    return match;
  }
}

/** Throws the guard's reason (the loop sends it to the model as the error result). */
export function mustResolve(guard: WorkspaceGuard, input: unknown, options?: GuardOptions) {
  const r = guard.resolve(typeof input === 'string' ? input : '', options);
  if (!r.ok) throw new Error(r.reason);
  return r;
}
