// The dependencies dependency manifests declare, each with where it is written: go.mod `require`
// and `replace` directives, package.json dependency maps, requirements.txt lines.
import { isMap } from 'yaml';
import type { Range } from '../types';
import { lines, parseYaml } from './documents';
import { entries, stringScalar } from './manifests';

export interface GoModDirective {
  /** The directive's arguments, comments removed: `['github.com/x/y', 'v1.2.3']`, `['a', '=>', '../a']`. */
  args: string[];
  line: number;
  /** Character where each argument starts on its line. */
  starts: number[];
}

/** `require`/`replace`/… directives of a go.mod, single-line or in a `( … )` block. */
export function goModDirectives(text: string, verb: string): GoModDirective[] {
  const out: GoModDirective[] = [];
  let inBlock: string | undefined;
  for (const { index, text: raw } of lines(text)) {
    const line = raw.replace(/\/\/.*$/, '');
    const tokens = [...line.matchAll(/"[^"]*"|`[^`]*`|\S+/g)];
    if (tokens.length === 0) continue;
    if (inBlock) {
      if (tokens[0][0] === ')') inBlock = undefined;
      else if (inBlock === verb) out.push(directive(tokens, index));
      continue;
    }
    if (tokens[1]?.[0] === '(' && tokens.length === 2) inBlock = tokens[0][0];
    else if (tokens[0][0] === verb) out.push(directive(tokens.slice(1), index));
  }
  return out;
}

function directive(tokens: RegExpMatchArray[], line: number): GoModDirective {
  return { args: tokens.map((t) => t[0].replace(/^["`]|["`]$/g, '')), line, starts: tokens.map((t) => t.index ?? 0) };
}

export type PackageSection = 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies';

export interface PackageDependency {
  section: PackageSection;
  name: string;
  /** The version or source as written: `^1.2.0`, `latest`, `file:../lib`, `github:user/repo`. */
  spec: string;
  /** Where the version string is written. */
  range: Range;
  /** Where the section's key is written. */
  sectionRange: Range;
}

const SECTIONS: readonly PackageSection[] = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** The string-valued dependencies of a package.json; none when it is not a JSON object. */
export function packageDependencies(text: string): PackageDependency[] {
  const file = parseYaml(text);
  const doc = file.documents[0];
  if (!doc || doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const out: PackageDependency[] = [];
  for (const pair of doc.contents.items) {
    const key = stringScalar(pair.key);
    const section = SECTIONS.find((s) => s === key?.value);
    if (!section || !key) continue;
    for (const [name, value] of entries(pair.value)) {
      const spec = stringScalar(value);
      if (spec) out.push({ section, name, spec: spec.value, range: file.range(spec.range), sectionRange: file.range(key.range) });
    }
  }
  return out;
}

export interface Requirement {
  /** The requirement without options, markers or comments: `flask>=2.0`, `pkg @ git+https://…`. */
  text: string;
  /** Whether the requirement, continuation lines included, carries a `--hash`. */
  hashed: boolean;
  line: number;
  start: number;
  end: number;
}

/** Requirement lines of a requirements.txt: not blank, not a comment, not an option (`-r`, `-e`, `--index-url`). */
export function requirements(text: string): Requirement[] {
  const out: Requirement[] = [];
  let continuing: Requirement | undefined;
  for (const { index, text: raw } of lines(text)) {
    const line = raw.replace(/(^|\s)#.*$/, '');
    const continues = /\\\s*$/.test(line);
    const body = line.replace(/\\\s*$/, '');
    if (continuing) {
      if (/--hash[=\s]/.test(body)) continuing.hashed = true;
      if (!continues) continuing = undefined;
      continue;
    }
    const trimmed = body.trim();
    if (trimmed === '' || trimmed.startsWith('-')) {
      continuing = undefined;
      continue;
    }
    const start = body.indexOf(trimmed);
    const requirement = trimmed.replace(/\s--.*$/, '');
    const entry = { text: requirement.replace(/\s*;.*$/, ''), hashed: /--hash[=\s]/.test(trimmed), line: index, start, end: start + requirement.length };
    out.push(entry);
    if (continues) continuing = entry;
  }
  return out;
}

/** A `replace` target that is a folder, not a module: `./x`, `../x`, `/abs/x` (Go's own test). */
export function isLocalReplaceTarget(target: string): boolean {
  return /^(\.\.?(\/|\\|$)|\/|[A-Za-z]:[\\/])/.test(target);
}
