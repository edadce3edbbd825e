// One tree-sitter runtime per process; grammars loaded once; trees re-parsed incrementally.
import * as fs from 'fs';
import * as path from 'path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import type { TextEdit } from './tree-mirror';

export type GrammarName = 'go';

const GRAMMAR_FILES: Record<GrammarName, { pkg: string; file: string }> = {
  go: { pkg: 'tree-sitter-go', file: 'tree-sitter-go.wasm' },
};

const RUNTIME_WASM = { pkg: 'web-tree-sitter', file: 'web-tree-sitter.wasm' };

/**
 * Where the .wasm files are: next to the bundle (`wasmDir`, as shipped in dist/), or inside the
 * npm packages when running from compiled sources.
 */
function locate(asset: { pkg: string; file: string }, wasmDir?: string): string {
  if (wasmDir) {
    const candidate = path.join(wasmDir, asset.file);
    if (fs.existsSync(candidate)) return candidate;
  }
  return require.resolve(`${asset.pkg}/${asset.file}`);
}

export class Grammars {
  private constructor(private readonly languages: Map<GrammarName, Language>) {}

  static async load(wasmDir?: string): Promise<Grammars> {
    await Parser.init({ locateFile: () => locate(RUNTIME_WASM, wasmDir) });
    const languages = new Map<GrammarName, Language>();
    for (const [name, asset] of Object.entries(GRAMMAR_FILES) as [GrammarName, { pkg: string; file: string }][]) {
      languages.set(name, await Language.load(locate(asset, wasmDir)));
    }
    return new Grammars(languages);
  }

  language(name: GrammarName): Language {
    const language = this.languages.get(name);
    if (!language) throw new Error(`grammar ${name} not loaded`);
    return language;
  }

  newParser(name: GrammarName): Parser {
    const parser = new Parser();
    parser.setLanguage(this.language(name));
    return parser;
  }
}

/**
 * A parse tree that follows one document's text. `update` re-parses incrementally: the edit is the
 * single changed span between the old and new text (common prefix and suffix), which is what a
 * keystroke or a paste produces, so tree-sitter reuses everything outside it.
 */
export class IncrementalTree {
  private currentTree: Tree;
  /** The span the last `update` replaced. */
  lastEdit?: TextEdit;

  constructor(private readonly parser: Parser, private text: string) {
    this.currentTree = parseOrThrow(parser, text);
  }

  get tree(): Tree {
    return this.currentTree;
  }

  update(newText: string): Tree {
    if (newText === this.text) return this.currentTree;
    const old = this.text;
    const start = commonPrefixLength(old, newText);
    const suffix = commonSuffixLength(old, newText, Math.min(old.length, newText.length) - start);
    const oldEnd = old.length - suffix;
    const newEnd = newText.length - suffix;
    const oldTree = this.currentTree;
    oldTree.edit(new Edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: pointAt(old, start),
      oldEndPosition: pointAt(old, oldEnd),
      newEndPosition: pointAt(newText, newEnd),
    }));
    this.currentTree = parseOrThrow(this.parser, newText, oldTree);
    oldTree.delete();
    this.text = newText;
    this.lastEdit = { start, oldEnd, newEnd };
    return this.currentTree;
  }

  delete(): void {
    this.currentTree.delete();
  }
}

/**
 * Texts are compared a chunk at a time, then a character at a time in the first chunk that differs: an
 * editor's text is a rope of edits, slow to read character by character, which slicing flattens once.
 */
const CHUNK = 512;

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of `a` and `b`, at most `max`. */
function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

function parseOrThrow(parser: Parser, text: string, oldTree?: Tree): Tree {
  const tree = parser.parse(text, oldTree);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Row/column (UTF-16 units, as web-tree-sitter counts them) of an offset. */
export function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
