// What the workspace tools must not touch besides secrets: paths matched by `files.exclude` globs and by the
// folder's root `.gitignore`. A matched directory excludes everything under it, as in VS Code and git. The glob
// dialect is VS Code's: `*`, `?`, `**`, `{a,b}`, `[abc]`.

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of whole segments (none included); a trailing `**` anything below.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',')
      re += glob.slice(0, i).lastIndexOf('{') > glob.slice(0, i).lastIndexOf('}') ? '|' : ',';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Every prefix of a relative path: `a`, `a/b`, `a/b/c.ts` (a match on a directory excludes what is under it). */
function prefixes(relative: string): string[] {
  const parts = relative.split('/').filter(Boolean);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

interface GitRule {
  re: RegExp;
  negate: boolean;
  raw: string;
}

function gitRule(line: string): GitRule | undefined {
  let text = line.replace(/\s+$/, '');
  if (!text || text.startsWith('#')) return undefined;
  const negate = text.startsWith('!');
  if (negate) text = text.slice(1);
  text = text.replace(/\/$/, '');
  // A pattern with a slash (other than a trailing one) is anchored to the folder; one without matches at any depth.
  const anchored = text.includes('/');
  const body = text.replace(/^\//, '');
  if (!body) return undefined;
  return { re: globToRegExp(anchored ? body : `**/${body}`), negate, raw: line.trim() };
}

export interface IgnoreSources {
  /** `files.exclude` globs that are on (`true`). */
  excludeGlobs?: readonly string[];
  /** The text of the folder's root `.gitignore`. */
  gitignore?: string;
}

/** A matcher for one workspace folder: the reason a relative path is excluded, or undefined. */
export function createIgnoreMatcher(sources: IgnoreSources): (relative: string) => string | undefined {
  const globs = (sources.excludeGlobs ?? []).map((g) => ({
    g,
    re: globToRegExp(g.replace(/^\.\//, '').replace(/^\//, '')),
  }));
  const rules = (sources.gitignore ?? '').split(/\r?\n/).flatMap((l) => gitRule(l) ?? []);
  return (relative) => {
    const steps = prefixes(relative);
    for (const p of steps) {
      const hit = globs.find(({ re }) => re.test(p));
      if (hit) return `files.exclude: ${hit.g}`;
    }
    // git: the last matching rule decides; an ignored directory cannot be re-included from below.
    for (const p of steps) {
      let decided: GitRule | undefined;
      for (const r of rules) if (r.re.test(p)) decided = r;
      if (decided && !decided.negate) return `.gitignore: ${decided.raw}`;
    }
    return undefined;
  };
}
