// Where a path the model names may lead: inside a workspace folder, after resolving symbolic links, and never to a
// secret file or into `.git/`. Pure: the host passes the folders, a realpath function and what its settings
// exclude. Windows-style separators are normalised; `~`, URLs, drive letters, UNC paths, NUL bytes and encoded
// escapes (`%2e%2e%2f`) are refused with a reason the model can act on.
import * as path from 'node:path';

export interface WorkspaceRoot {
  /** The folder's name as VS Code shows it: a multi-root path may start with it (`api/src/x.ts`). */
  name: string;
  /** Absolute POSIX-style path of the folder. */
  path: string;
}

export interface PathGuardOptions {
  roots: readonly WorkspaceRoot[];
  /** Resolves symbolic links; undefined when the path does not exist. */
  realpath: (absolute: string) => string | undefined;
  /** Matches `files.exclude` / `.gitignore` (paths relative to the folder, `/`-separated). */
  isExcluded?: (relative: string, root: WorkspaceRoot) => string | undefined;
  /** For create_file: the file may not exist yet; its nearest existing parent is checked instead. */
  mayNotExist?: boolean;
}

export type GuardedPath =
  { ok: true; absolute: string; relative: string; root: WorkspaceRoot } | { ok: false; reason: string };

/** Names of files that hold secrets: never read, written or listed for the model. */
const SECRET_FILES: readonly RegExp[] = [
  /^\.env($|\.)/i, // .env, .env.local, .env.production
  /\.(pem|key|p12|pfx|jks|keystore|kdbx|asc|gpg|ppk)$/i,
  /^id_[a-z0-9]+(\.pub)?$/i, // ssh keys: id_rsa, id_ed25519
  /^(\.netrc|\.npmrc|\.pypirc|\.git-credentials|credentials|\.htpasswd)$/i,
];
const SECRET_DIRS = new Set(['.git', '.ssh', '.aws', '.gnupg']);

/** Why a workspace-relative path is a secret one, or undefined. */
export function secretReason(relative: string): string | undefined {
  const parts = relative.split('/').filter(Boolean);
  const dir = parts.slice(0, -1).find((p) => SECRET_DIRS.has(p.toLowerCase()));
  const base = parts[parts.length - 1] ?? '';
  if (dir || SECRET_DIRS.has(base.toLowerCase()))
    return `${relative} is inside ${dir ?? base}/, which holds repository internals or credentials`;
  if (SECRET_FILES.some((re) => re.test(base)))
    return `${relative} matches the secret-file patterns (.env*, *.pem, *.key, id_*, key stores)`;
  return undefined;
}

function refuse(reason: string): GuardedPath {
  return {
    ok: false,
    reason: `${reason} Use a path relative to the workspace folder, such as src/index.ts.`,
  };
}

/** Decodes %XX escapes once; a path that still holds escapes after that is refused (double encoding). */
function decodeEscapes(input: string): string | undefined {
  if (!/%[0-9a-f]{2}/i.test(input)) return input;
  let decoded: string;
  try {
    decoded = decodeURIComponent(input);
  } catch {
    return undefined;
  }
  return /%[0-9a-f]{2}/i.test(decoded) ? undefined : decoded;
}

const within = (child: string, parent: string): boolean =>
  child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);

export function guardPath(input: string, options: PathGuardOptions): GuardedPath {
  if (options.roots.length === 0) return { ok: false, reason: 'No workspace folder is open.' };
  if (typeof input !== 'string' || input.trim() === '') return refuse('The path is empty.');
  if (input.includes('\0')) return refuse('The path contains a NUL byte.');
  const decoded = decodeEscapes(input.trim());
  if (decoded === undefined)
    return refuse(`"${input}" holds encoded characters that do not decode to a path.`);
  if (decoded.includes('\0')) return refuse('The path contains a NUL byte.');
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(decoded)) return refuse(`"${input}" is a URL, not a workspace path.`);
  if (decoded.startsWith('~')) return refuse(`"${input}" points into a home directory.`);
  if (/^[a-z]:/i.test(decoded) || decoded.startsWith('\\\\') || decoded.startsWith('//'))
    return refuse(`"${input}" is a Windows drive or network path.`);
  const slashed = decoded.replace(/\\/g, '/');

  let root: WorkspaceRoot | undefined;
  let absolute: string;
  if (slashed.startsWith('/')) {
    absolute = path.posix.normalize(slashed);
    root = options.roots.find((r) => within(absolute, r.path));
    if (!root) return refuse(`"${input}" is outside the workspace folders.`);
  } else {
    const first = slashed.split('/')[0];
    const named = options.roots.length > 1 ? options.roots.find((r) => r.name === first) : undefined;
    root = named ?? options.roots[0]!;
    const rest = named ? slashed.slice(first!.length + 1) : slashed;
    absolute = path.posix.normalize(path.posix.join(root.path, rest));
    if (!within(absolute, root.path)) return refuse(`"${input}" leads outside the workspace folder.`);
  }
  const relative = path.posix.relative(root.path, absolute);

  // Symbolic links: the real target (or, for a new file, its nearest existing parent) must stay inside.
  const realRoot = options.realpath(root.path) ?? root.path;
  let probe = absolute;
  let real = options.realpath(probe);
  while (real === undefined && options.mayNotExist && probe !== root.path) {
    probe = path.posix.dirname(probe);
    real = options.realpath(probe);
  }
  if (real === undefined) return { ok: false, reason: `${relative || '.'} does not exist.` };
  if (!within(real, realRoot))
    return refuse(`"${input}" is a symbolic link (or inside one) that leads outside the workspace.`);
  const realRelative = path.posix.relative(realRoot, real);

  for (const rel of new Set([relative, realRelative])) {
    const secret = secretReason(rel);
    if (secret) return { ok: false, reason: `Refused: ${secret}.` };
    const excluded = options.isExcluded?.(rel, root);
    if (excluded) return { ok: false, reason: `Refused: ${rel} is excluded (${excluded}).` };
  }
  return { ok: true, absolute, relative, root };
}
