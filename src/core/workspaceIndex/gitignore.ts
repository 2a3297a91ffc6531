// `.gitignore` rules as git reads them: `#` comments, `!` re-includes, a trailing `/` for folders only, a pattern
// with a `/` before its end anchored to its file's folder (otherwise matching at any depth), `**`, and the last
// matching rule wins. A file below an ignored folder stays ignored whatever later rules say (git never looks
// inside it), which `isIgnored` reproduces by checking the parent folders first.
import { globToRegexSource } from './glob';

interface Rule {
  /** Folder of the .gitignore, relative to the root ('' = root). */
  base: string;
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

export class GitignoreRules {
  private readonly rules: Rule[] = [];

  /** Adds the rules of one .gitignore file found in `base` (workspace-relative folder, '' for the root). */
  add(base: string, text: string): void {
    for (const rawLine of text.split(/\r?\n/)) {
      const rule = parseLine(rawLine, base.replace(/\/+$/, ''));
      if (rule) this.rules.push(rule);
    }
  }

  get size(): number {
    return this.rules.length;
  }

  /** The verdict of the rules for this one path, not looking at its parents (undefined: no rule matched). */
  private verdict(path: string, isDir: boolean): boolean | undefined {
    let result: boolean | undefined;
    for (const rule of this.rules) {
      if (rule.dirOnly && !isDir) continue;
      let rel: string;
      if (rule.base === '') rel = path;
      else if (path.startsWith(`${rule.base}/`)) rel = path.slice(rule.base.length + 1);
      else continue;
      if (rule.re.test(rel)) result = !rule.negate;
    }
    return result;
  }

  /** True when `path` (workspace-relative, forward slashes) or one of its parent folders is ignored. */
  isIgnored(path: string, isDir = false): boolean {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.verdict(parts.slice(0, i).join('/'), true) === true) return true;
    }
    return this.verdict(path, isDir) === true;
  }

  /** For a walker that never enters ignored folders: only this entry's own verdict. */
  ignoresEntry(path: string, isDir: boolean): boolean {
    return this.verdict(path, isDir) === true;
  }
}

function parseLine(rawLine: string, base: string): Rule | undefined {
  // Trailing spaces are ignored unless escaped with a backslash.
  let line = rawLine.replace(/(?<!\\)\s+$/, '').replace(/\\ $/, ' ');
  if (line === '' || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = globToRegexSource(line);
  const re = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { base, re, negate, dirOnly };
}
