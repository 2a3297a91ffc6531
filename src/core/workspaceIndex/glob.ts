// Glob patterns as VS Code's `files.exclude` / `search.exclude` and `.gitignore` write them, compiled to regular
// expressions over workspace-relative paths with forward slashes. Supported: `*` (within one segment), `**`
// (any number of segments), `?`, `[abc]` / `[!abc]` / `[a-z]`, `{a,b}` (VS Code globs only) and `\` escapes.

export interface GlobOptions {
  /** `{a,b}` alternatives (VS Code globs); gitignore has none. */
  braces?: boolean;
}

/** The body of a regular expression (no anchors) for one glob. */
export function globToRegexSource(glob: string, options: GlobOptions = {}): string {
  let out = '';
  let i = 0;
  let braceDepth = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeChar(glob[i + 1]!);
      i += 2;
      continue;
    }
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` = zero or more whole segments; a trailing `**` = everything below.
          if (i + 2 === glob.length) out += '.*';
          else out += '(?:[^/]*/)*';
          i += 3;
          continue;
        }
        out += '[^/]*';
        i += 2;
        continue;
      }
      out += '[^/]*';
      i++;
      continue;
    }
    if (c === '?') {
      out += '[^/]';
      i++;
      continue;
    }
    if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close > 0) {
        let body = glob.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/\^/g, '\\^')}]`;
        i = close + 1;
        continue;
      }
    }
    if (options.braces && c === '{') {
      braceDepth++;
      out += '(?:';
      i++;
      continue;
    }
    if (options.braces && c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
      i++;
      continue;
    }
    if (options.braces && c === ',' && braceDepth > 0) {
      out += '|';
      i++;
      continue;
    }
    out += escapeChar(c);
    i++;
  }
  return out + ')'.repeat(braceDepth);
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * A matcher for VS Code exclude globs: a pattern matches a path or any of its parent folders (so `**\/node_modules`
 * excludes everything below it). Patterns with the value false (VS Code's way to switch one off) are skipped.
 */
export function compileExcludeGlobs(
  patterns: Record<string, boolean | unknown> | string[],
): (path: string) => boolean {
  const list = Array.isArray(patterns)
    ? patterns
    : Object.entries(patterns)
        .filter(([, on]) => on === true)
        .map(([p]) => p);
  if (list.length === 0) return () => false;
  const sources = list.map((p) =>
    globToRegexSource(p.replace(/^\.\//, '').replace(/\/+$/, ''), { braces: true }),
  );
  const re = new RegExp(`^(?:${sources.join('|')})(?:/.*)?$`);
  return (path) => re.test(path);
}
