// `.twelve-factor.yml`: per-app settings, read from the nearest such file at or above the analysed
// file (up to the workspace or scan root), and the editor's settings laid over them.
//
//   rules:                      # severity per rule id: off | information | warning | error
//     config/scattered-env-access: off
//     processes/local-disk-state: error
//   ignore:                     # globs relative to this file's folder; `**` any folders, `*` any name part
//     - gen/**
//     - '*.pb.go'               # no `/`: a name at any depth
//   tests: include              # skip (default) | include: rules judge test code like app code
//
// Precedence: editor setting > .twelve-factor.yml > the rule's default. A malformed file is reported
// in itself and read as defaults; an unknown key, rule or severity is reported and only that entry
// is dropped.
import * as path from 'path';
import { isCollection, isMap, isNode, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { closeMatches, didYouMean } from './engine-rules';
import { TextIndex } from './languages/documents';
import type { FindingDraft, Severity } from './types';

export type RuleSetting = Severity | 'off';

/** Editor settings (VS Code `twelveFactor.rules`, `twelveFactor.exclude`), passed with each analysis. */
export interface Overrides {
  /** Severity per rule id, or `off`; wins over `.twelve-factor.yml`. Unknown values are ignored. */
  rules?: Record<string, string>;
  /** Globs over paths relative to the workspace or scan root; matching files are not analysed. */
  exclude?: string[];
}

export interface Settings {
  rules: ReadonlyMap<string, RuleSetting>;
  /** Matches paths relative to the settings file's folder. */
  ignore: GlobSet;
  tests: 'skip' | 'include';
}

export const SETTINGS_FILE_NAMES = ['.twelve-factor.yml', '.twelve-factor.yaml'];
const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'information', 'warning', 'error'];
const KEYS = ['rules', 'ignore', 'tests'];
const TESTS = ['skip', 'include'];

export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value);
}

/** Globs over forward-slash relative paths; a path matches when it or one of its folders does. */
export class GlobSet {
  static readonly none = new GlobSet([]);

  private constructor(private readonly patterns: readonly RegExp[]) {}

  static of(globs: readonly string[]): GlobSet {
    return new GlobSet(globs.filter((g) => g.trim() !== '').map(globToRegExp));
  }

  matches(relativePath: string): boolean {
    if (this.patterns.length === 0 || relativePath.startsWith('../')) return false;
    const parts = relativePath.split('/');
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('/');
      if (this.patterns.some((p) => p.test(candidate))) return true;
    }
    return false;
  }
}

/**
 * `**` any run of folders, `*` any characters but `/`, `?` one. A pattern without `/` matches a name
 * at any depth; a leading `/` anchors it to the root; a trailing `/` is dropped (a folder matches
 * with all it holds anyway).
 */
function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  if (g.startsWith('/')) g = g.slice(1);
  else if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const folders = g[i + 2] === '/';
      re += folders ? '(?:[^/]*/)*' : '.*';
      i += folders ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export const DEFAULT_SETTINGS: Settings = { rules: new Map(), ignore: GlobSet.none, tests: 'skip' };

export interface ParsedSettings {
  settings: Settings;
  /** What is wrong with the file, where it is written (findings of `twelve-factor/invalid-config`). */
  problems: FindingDraft[];
}

/** Never throws: malformed YAML is a problem and yields the defaults. */
export function parseSettings(text: string, knownRuleIds: readonly string[]): ParsedSettings {
  const index = new TextIndex(text);
  const doc = parseDocument(text, { prettyErrors: false });
  const at = (node: { range?: [number, number, number] | null } | null | undefined): FindingDraft['range'] =>
    node?.range ? index.range(node.range[0], node.range[1]) : index.range(0, 0);
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      // The parser notices an unclosed quote or bracket where the text runs out; the squiggle
      // belongs on the construct left open, from its start.
      const unclosed = e.code === 'MISSING_CHAR' || /end with a [\]}]/.test(e.message) ? unclosedNodeStart(doc, e.pos[0]) : undefined;
      return {
        range: index.range(unclosed ?? e.pos[0], Math.max(e.pos[1], e.pos[0])),
        message: `.twelve-factor.yml is not valid YAML (${e.message}); its settings are ignored until it is fixed`,
      };
    });
    return { settings: DEFAULT_SETTINGS, problems };
  }
  const problems: FindingDraft[] = [];
  const problem = (node: YamlNode | null | undefined, message: string): void => {
    problems.push({ range: at(node), message });
  };
  const rules = new Map<string, RuleSetting>();
  const ignore: string[] = [];
  let tests: Settings['tests'] = 'skip';
  const contents = doc.contents;
  if (contents !== null && !(isScalar(contents) && contents.value === null)) {
    if (!isMap(contents)) {
      problem(contents, `.twelve-factor.yml must be a map with the keys ${KEYS.join(', ')}`);
    } else {
      for (const pair of contents.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const value = pair.value as YamlNode | null;
        if (key === 'rules') readRules(value);
        else if (key === 'ignore') readIgnore(value);
        else if (key === 'tests') {
          const v = isScalar(value) ? String(value.value) : undefined;
          if (v && TESTS.includes(v)) tests = v as Settings['tests'];
          else problem(value ?? (pair.key as YamlNode), `tests must be skip or include`);
        } else {
          problem(pair.key as YamlNode, `unknown setting '${key ?? String(pair.key)}'${didYouMean(closeMatches(key ?? '', KEYS))}; the settings are ${KEYS.join(', ')}`);
        }
      }
    }
  }
  return { settings: { rules, ignore: GlobSet.of(ignore), tests }, problems };

  function readRules(node: YamlNode | null): void {
    if (node === null || (isScalar(node) && node.value === null)) return;
    if (!isMap(node)) return problem(node, 'rules must be a map of rule id to off, information, warning or error');
    for (const pair of node.items) {
      const id = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!knownRuleIds.includes(id)) {
        problem(pair.key as YamlNode, `unknown rule '${id}'${didYouMean(closeMatches(id, knownRuleIds))}`);
        continue;
      }
      const setting = isScalar(pair.value) ? pair.value.value : undefined;
      if (isRuleSetting(setting)) rules.set(id, setting);
      else problem((pair.value as YamlNode | null) ?? (pair.key as YamlNode), `the setting of ${id} must be off, information, warning or error`);
    }
  }

  function readIgnore(node: YamlNode | null): void {
    if (node === null || (isScalar(node) && node.value === null)) return;
    if (!isSeq(node)) return problem(node, 'ignore must be a list of globs (relative to the folder of .twelve-factor.yml)');
    for (const item of node.items) {
      const glob = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : '';
      if (glob) ignore.push(glob);
      else problem(item as YamlNode, 'an ignore entry must be a non-empty glob');
    }
  }
}

/** Start of the innermost flow collection or quoted scalar that runs up to `offset`, if any. */
function unclosedNodeStart(doc: Document.Parsed, offset: number): number | undefined {
  let start: number | undefined;
  visit(doc, (_, node) => {
    if (!isNode(node) || !node.range || node.range[1] !== offset || node.range[0] >= offset) return;
    const open = (isCollection(node) && node.flow) || (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'));
    if (open && (start === undefined || node.range[0] > start)) start = node.range[0];
  });
  return start;
}

/** Parsed settings files by path, parsed again only when their text changes. */
export class SettingsFiles {
  private readonly parsed = new Map<string, { text: string; result: ParsedSettings }>();

  constructor(private readonly readFile: (absPath: string) => string | undefined, private readonly knownRuleIds: readonly string[]) {}

  /** The settings file at `absPath` as `text`. */
  parse(absPath: string, text: string): ParsedSettings {
    const cached = this.parsed.get(absPath);
    if (cached?.text === text) return cached.result;
    const result = parseSettings(text, this.knownRuleIds);
    this.parsed.set(absPath, { text, result });
    return result;
  }

  /** The nearest settings file in `dir` or a folder above it, not above `root`. */
  nearest(dir: string, root: string): { dir: string; settings: Settings } | undefined {
    const inRoot = dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    for (let current = dir; ; current = path.dirname(current)) {
      for (const name of SETTINGS_FILE_NAMES) {
        const file = path.join(current, name);
        const text = this.readFile(file);
        if (text !== undefined) return { dir: current, settings: this.parse(file, text).settings };
      }
      if (!inRoot || current === root || path.dirname(current) === current) return undefined;
    }
  }
}
