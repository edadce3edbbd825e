// .gitignore patterns as git reads them (gitignore(5)): comments, `!` negation, trailing `/` for
// folders only, a `/` at the start or in the middle anchors the pattern to its .gitignore's folder,
// `*` `?` `[...]` never cross a `/`, and `**` spans folders (`**/x`, `x/**`, `a/**/b`).
// Deeper .gitignore files override shallower ones; within a file the last matching pattern wins.

export interface IgnorePattern {
  /** `!pattern`: re-includes what an earlier pattern excluded. */
  negated: boolean;
  /** `pattern/`: matches folders only. */
  directoryOnly: boolean;
  /** Tested against the path relative to the pattern's .gitignore folder, forward slashes. */
  regex: RegExp;
}

/** The patterns of one .gitignore file, in file order. */
export function parseGitignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const line of text.split(/\r?\n/)) {
    const pattern = compilePattern(line);
    if (pattern) patterns.push(pattern);
  }
  return patterns;
}

/** One line of a .gitignore; undefined for blanks and comments. */
export function compilePattern(line: string): IgnorePattern | undefined {
  if (line.startsWith('#')) return undefined;
  let body = withoutTrailingSpaces(line);
  const negated = body.startsWith('!');
  if (negated) body = body.slice(1);
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.slice(0, -1);
  if (body === '') return undefined;
  // A slash anywhere but at the end ties the pattern to the .gitignore's folder; otherwise it
  // matches a name at any depth.
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  const source = anchored ? globToRegex(body) : `(?:.*/)?${globToRegex(body)}`;
  return { negated, directoryOnly, regex: new RegExp(`^${source}$`) };
}

/** Trailing spaces are dropped unless escaped with a backslash. */
function withoutTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

function globToRegex(glob: string): string {
  // `a/**/**/b` means the same as `a/**/b`.
  const segments = glob.split('/').filter((s, i, all) => !(s === '**' && all[i - 1] === '**'));
  let out = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (last) out += i === 0 ? '.*' : '/.*';
      else out += i === 0 ? '(?:.*/)?' : '/(?:.*/)?';
      return;
    }
    if (i > 0 && segments[i - 1] !== '**') out += '/';
    out += segmentToRegex(segment);
  });
  return out;
}

function segmentToRegex(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '\\' && i + 1 < segment.length) {
      out += escapeRegex(segment[++i]);
    } else if (ch === '*') {
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const bracket = bracketToRegex(segment, i);
      if (bracket) {
        out += bracket.regex;
        i = bracket.end;
      } else {
        out += '\\[';
      }
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\s',
  upper: 'A-Z',
  xdigit: '0-9a-fA-F',
};

/** `[abc]`, `[a-z]`, `[!a]`/`[^a]`, `[]x]`, `[[:digit:]]`; undefined when the bracket never closes. */
function bracketToRegex(segment: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  let members = '';
  for (let first = true; i < segment.length; i++, first = false) {
    const ch = segment[i];
    if (ch === ']' && !first) return { regex: negated ? `[^/${members}]` : `[${members}]`, end: i };
    const posix = ch === '[' ? /^\[:([a-z]+):\]/.exec(segment.slice(i)) : null;
    if (posix && POSIX_CLASSES[posix[1]]) {
      members += POSIX_CLASSES[posix[1]];
      i += posix[0].length - 1;
    } else if (ch === '\\' && i + 1 < segment.length) {
      members += `\\${segment[++i]}`;
    } else if (ch === '-' && !first && segment[i + 1] !== ']') {
      members += '-';
    } else {
      members += /[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch;
    }
  }
  return undefined;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

interface IgnoreFile {
  /** Folder of the .gitignore relative to the root, forward slashes, '' for the root. */
  dir: string;
  patterns: IgnorePattern[];
}

/**
 * The ignore rules in force in a folder: its own .gitignore over those of its parents. Immutable, so
 * a walker can hand each subfolder its own copy cheaply.
 */
export class IgnoreRules {
  static readonly none = new IgnoreRules([]);

  private constructor(private readonly files: readonly IgnoreFile[]) {}

  /** These rules plus a .gitignore in `dir` (relative to the root, '' for the root). */
  with(dir: string, gitignoreText: string): IgnoreRules {
    const patterns = parseGitignore(gitignoreText);
    return patterns.length === 0 ? this : new IgnoreRules([...this.files, { dir, patterns }]);
  }

  /**
   * Whether the entry at `path` (relative to the root) is ignored by its own patterns. Its parent
   * folders are not looked at: a walker never enters an ignored folder.
   */
  ignoresEntry(path: string, isDirectory: boolean): boolean {
    for (let f = this.files.length - 1; f >= 0; f--) {
      const { dir, patterns } = this.files[f];
      if (dir !== '' && !path.startsWith(`${dir}/`)) continue;
      const relative = dir === '' ? path : path.slice(dir.length + 1);
      for (let p = patterns.length - 1; p >= 0; p--) {
        const pattern = patterns[p];
        if (pattern.directoryOnly && !isDirectory) continue;
        if (pattern.regex.test(relative)) return !pattern.negated;
      }
    }
    return false;
  }

  /** Git's full rule: the path is ignored, or one of its folders is (nothing inside an ignored folder comes back). */
  ignores(path: string, isDirectory: boolean): boolean {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      if (this.ignoresEntry(path.slice(0, slash), true)) return true;
    }
    return this.ignoresEntry(path, isDirectory);
  }
}
