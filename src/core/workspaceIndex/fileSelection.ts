// Which workspace files the index reads: everything under the folder minus `.gitignore` (nested files too),
// the user's `files.exclude` / `search.exclude`, the `.git` folder, our own batch reports, secret files (keys,
// `.env`, credentials), binaries (a NUL byte in the first 8 KB, or a known binary extension) and files over the
// size limit.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { BATCH_RESULTS_DIR } from '../batch/report';
import { compileExcludeGlobs } from './glob';
import { GitignoreRules } from './gitignore';

export const DEFAULT_MAX_FILE_BYTES = 512 * 1024;

/** Files that hold secrets by their nature; never read, whatever the other rules say. */
export const SECRET_FILE_GLOBS = [
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.keystore',
  '**/*.jks',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.npmrc',
  '**/.pypirc',
  '**/.netrc',
  '**/.git-credentials',
  '**/credentials.json',
  '**/*.tfstate',
  '**/secrets.{json,yaml,yml}',
];

const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn']);
/** What batch jobs write into the workspace: indexed, it would be cited as if it were the code it describes. */
const OWN_OUTPUT = BATCH_RESULTS_DIR;

const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif webp bmp ico icns tif tiff psd pdf zip gz tgz bz2 xz 7z rar jar war class so dll dylib exe ' +
    'bin o a lib wasm woff woff2 ttf otf eot mp3 mp4 mov avi mkv webm wav flac ogg sqlite db pyc pyo node vsix'
  ).split(' '),
);

export interface FileSelectionOptions {
  /** `files.exclude` and `search.exclude` merged: glob → enabled. */
  exclude?: Record<string, boolean>;
  maxFileBytes?: number;
  /** Read nested and root .gitignore files (default true). */
  useGitignore?: boolean;
}

export interface SelectedFile {
  /** Workspace-relative, forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedCounts {
  ignored: number;
  excluded: number;
  secret: number;
  binary: number;
  tooLarge: number;
}

/** Decides path by path; built once per scan (and kept by the watcher, which asks about single files). */
export class FileFilter {
  private readonly excluded: (p: string) => boolean;
  private readonly secret = compileExcludeGlobs(SECRET_FILE_GLOBS);

  /** `gitignore`: the rules a walk loaded, kept when only the settings changed. */
  constructor(
    readonly options: FileSelectionOptions = {},
    readonly gitignore = new GitignoreRules(),
  ) {
    this.excluded = compileExcludeGlobs(options.exclude ?? {});
  }

  get maxFileBytes(): number {
    return this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Why a path is left out by its name alone, or undefined when it may be read. */
  reasonByName(relPath: string, isDir: boolean, walking = false): keyof SkippedCounts | undefined {
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    if (isDir && ALWAYS_SKIPPED_DIRS.has(name)) return 'ignored';
    if (!walking && relPath.split('/').some((s) => ALWAYS_SKIPPED_DIRS.has(s))) return 'ignored';
    if (relPath === OWN_OUTPUT || relPath.startsWith(`${OWN_OUTPUT}/`)) return 'ignored';
    if (walking ? this.gitignore.ignoresEntry(relPath, isDir) : this.gitignore.isIgnored(relPath, isDir)) {
      return 'ignored';
    }
    if (this.excluded(relPath)) return 'excluded';
    if (!isDir && this.secret(relPath)) return 'secret';
    if (!isDir && BINARY_EXTENSIONS.has(path.extname(name).slice(1).toLowerCase())) return 'binary';
    return undefined;
  }
}

/** True when the bytes look like a binary file (a NUL in the first 8 KB, as git decides). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Loads the root's and nested .gitignore files while walking. */
export async function selectFiles(
  root: string,
  options: FileSelectionOptions = {},
  signal?: AbortSignal,
): Promise<{ files: SelectedFile[]; skipped: SkippedCounts; filter: FileFilter }> {
  const filter = new FileFilter(options);
  const skipped: SkippedCounts = { ignored: 0, excluded: 0, secret: 0, binary: 0, tooLarge: 0 };
  const files: SelectedFile[] = [];
  const useGitignore = options.useGitignore !== false;

  async function walk(relDir: string): Promise<void> {
    if (signal?.aborted) return;
    const abs = path.join(root, relDir);
    if (useGitignore) {
      const text = await fsp.readFile(path.join(abs, '.gitignore'), 'utf8').catch(() => undefined);
      if (text !== undefined) filter.gitignore.add(relDir, text);
    }
    const entries = await fsp.readdir(abs, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      // Symbolic links are not followed: they may point outside the workspace or loop.
      if (entry.isSymbolicLink()) continue;
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      const reason = filter.reasonByName(rel, isDir, true);
      if (reason) {
        skipped[reason]++;
        continue;
      }
      if (isDir) {
        await walk(rel);
        continue;
      }
      const stat = await fsp.stat(path.join(root, rel)).catch(() => undefined);
      if (!stat) continue;
      if (stat.size > filter.maxFileBytes) {
        skipped.tooLarge++;
        continue;
      }
      files.push({ path: rel, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  }

  await walk('');
  return { files, skipped, filter };
}
