// Facts about one Go file read off its tree-sitter tree: string literals and where they sit,
// calls, imports, scopes. Computed lazily, once per parse; every Go rule reads the same facts.
import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../types';
import { asNode, MirrorNode, newFactSlot } from './tree-mirror';

export const STRING_LITERAL_TYPES = new Set(['interpreted_string_literal', 'raw_string_literal']);
const FUNCTION_TYPE_LIST = ['function_declaration', 'method_declaration', 'func_literal'];
const FUNCTION_TYPES = new Set(FUNCTION_TYPE_LIST);

export interface GoLiteral {
  node: Node;
  /** The decoded string value. */
  value: string;
}

/**
 * Where a literal's value goes, seen through parentheses, `[]byte(…)`/`string(…)` conversions and
 * `&`/composite wrappers.
 */
export type LiteralSite =
  | { kind: 'assign'; name: string; nameNode: Node; declaration: 'const' | 'var' | 'short' | 'assign'; packageLevel: boolean }
  | { kind: 'field'; name: string; composite: Node }
  | { kind: 'map-key-value'; key: string }
  | { kind: 'element'; composite: Node }
  | { kind: 'argument'; call: Node; index: number }
  | { kind: 'return' }
  | { kind: 'compare'; other: Node }
  | { kind: 'other' };

export interface CallInfo {
  node: Node;
  /** Callee as written, without type arguments: `http.ListenAndServe`, `s.srv.Shutdown`, `open`. */
  callee: string;
  /** Last segment of the callee: `ListenAndServe`. */
  name: string;
  /** Everything before the last segment: `http`, `s.srv`, '' for a plain call. */
  receiver: string;
  args: Node[];
}

export class GoFile {
  private literalsCache?: GoLiteral[];
  private callsCache?: CallInfo[];
  private importsCache?: Map<string, string>;
  private packageNameCache?: string;
  private readonly siteCache = new Map<number, LiteralSite>();

  constructor(readonly path: string, readonly text: string, readonly tree: Tree) {
    treeTexts.set(tree, text);
  }

  get root(): Node {
    return this.tree.rootNode;
  }

  get packageName(): string {
    if (this.packageNameCache === undefined) {
      const clause = this.root.namedChildren.find((n) => n?.type === 'package_clause');
      this.packageNameCache = clause?.namedChildren[0]?.text ?? '';
    }
    return this.packageNameCache;
  }

  /**
   * import alias (or last path element) → import path. The same Map across the edits of a mirrored
   * tree whose import declarations are unchanged: facts that read imports are kept while it is.
   */
  get imports(): Map<string, string> {
    if (!this.importsCache) {
      const root: unknown = this.root;
      this.importsCache = root instanceof MirrorNode ? mirroredImports(root) : new Map(descendants(this.root, 'import_spec').flatMap(importEntry));
    }
    return this.importsCache;
  }

  /** The import path a qualifier (`http` in `http.ListenAndServe`) refers to, if it is an import. */
  importOf(qualifier: string): string | undefined {
    return this.imports.get(qualifier);
  }

  importsPath(predicate: (importPath: string) => boolean): boolean {
    for (const p of this.imports.values()) if (predicate(p)) return true;
    return false;
  }

  /** All string literals outside imports and struct tags. */
  get literals(): GoLiteral[] {
    if (!this.literalsCache) {
      const root: unknown = this.root;
      // A mirrored tree keeps each top-level declaration's literals for as long as the declaration is unchanged.
      this.literalsCache = root instanceof MirrorNode ? perDeclaration(root, declarationLiterals) : literalsIn(this.root);
    }
    return this.literalsCache;
  }

  get calls(): CallInfo[] {
    if (!this.callsCache) {
      const root: unknown = this.root;
      // Like literals: a mirrored tree keeps each top-level declaration's calls while it is unchanged.
      this.callsCache = root instanceof MirrorNode ? perDeclaration(root, declarationCalls) : descendants(this.root, 'call_expression').map(callInfo);
    }
    return this.callsCache;
  }

  /** Where a literal's value goes. */
  siteOf(literal: Node): LiteralSite {
    const mirrored: unknown = literal;
    if (mirrored instanceof MirrorNode) return siteInDeclaration(literal);
    let site = this.siteCache.get(literal.startIndex);
    if (!site) {
      site = literalSite(literal);
      this.siteCache.set(literal.startIndex, site);
    }
    return site;
  }

  range(node: Node): Range {
    return nodeRange(node);
  }
}

/** An import spec's alias (or last path element) and path. */
function importEntry(spec: Node): [string, string][] {
  const pathNode = spec.childForFieldName('path');
  if (!pathNode) return [];
  const importPath = stringValue(pathNode);
  const alias = spec.childForFieldName('name')?.text;
  const segments = importPath.split('/');
  let base = segments[segments.length - 1];
  if (/^v\d+$/.test(base) && segments.length > 1) base = segments[segments.length - 2];
  base = base.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[.-]go$/, '').replace(/[^A-Za-z0-9_]/g, ''); // gopkg.in/x/lumberjack.v2 → lumberjack
  return [[alias && alias !== '_' && alias !== '.' ? alias : base, importPath]];
}

const NO_IMPORTS: [string, string][] = [];

/** The import entries of a top-level node (an import declaration; an error node while the imports are typed), kept with it. */
const declarationImports = subtreeFact((decl: Node) => {
  const entries = descendants(decl, 'import_spec').flatMap(importEntry);
  return entries.length > 0 ? entries : NO_IMPORTS;
});

/** By document: the imports last built, and the declarations' entries they were built from. */
const lastImports = new WeakMap<object, { parts: [string, string][][]; imports: Map<string, string> }>();

function mirroredImports(root: MirrorNode): Map<string, string> {
  const parts = root.children.map((n) => declarationImports(asNode(n))).filter((p) => p !== NO_IMPORTS);
  const last = lastImports.get(root.document);
  if (last && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i])) return last.imports;
  const imports = new Map(parts.flat());
  lastImports.set(root.document, { parts, imports });
  return imports;
}

/** A mirrored file's list of things, from each top-level node's list (kept with the node). */
function perDeclaration<T>(root: MirrorNode, listOf: (decl: Node) => T[]): T[] {
  const lists = root.children.map((child) => listOf(asNode(child)));
  // Sized once: a file's list is long, and one is made at every keystroke.
  const out = new Array<T>(lists.reduce((n, list) => n + list.length, 0));
  let i = 0;
  for (const list of lists) for (const item of list) out[i++] = item;
  return out;
}

/** The string literals of a scope outside imports and struct tags. */
function literalsIn(scope: Node): GoLiteral[] {
  const out: GoLiteral[] = [];
  // Import paths and struct tags are no values. Told apart by offsets: asking each literal for its
  // parent would cross into WebAssembly once per literal.
  const skipped = descendants(scope, ['import_spec', 'field_declaration']).flatMap((n) => {
    const inner = n.type === 'import_spec' ? n.childForFieldName('path') : n.childForFieldName('tag');
    return inner ? [inner.startIndex] : [];
  });
  const skip = new Set(skipped);
  for (const node of descendants(scope, ['interpreted_string_literal', 'raw_string_literal'])) {
    if (!skip.has(node.startIndex)) out.push({ node, value: stringValue(node) });
  }
  return out;
}

/** Import paths and struct tags sit in the declaration that holds them: a top-level declaration's literals are its own. */
const declarationLiterals = subtreeFact(literalsIn);

const declarationCalls = subtreeFact((decl: Node) => descendants(decl, 'call_expression').map(callInfo));

/**
 * Node types gathered in one pass over a parse tree. Walking a tree from JavaScript crosses into
 * WebAssembly at every step and allocates a Node per result, so one `descendantsOfType` over all these
 * types (measured ~10x cheaper than one call per type) serves every rule's queries on that tree. The
 * numerous name nodes form a second group, gathered only when a query over a large scope asks for them.
 */
const CORE_TYPES = [
  'assignment_statement', 'call_expression', 'composite_literal', 'const_spec', 'field_declaration', 'func_literal',
  'function_declaration', 'import_spec', 'interpreted_string_literal', 'method_declaration', 'raw_string_literal', 'var_spec',
];
/** Statement and expression kinds some rules ask about over large scopes. */
const STATEMENT_TYPES = [
  'binary_expression', 'dec_statement', 'expression_switch_statement', 'if_statement', 'inc_statement', 'index_expression',
  'keyed_element', 'parameter_declaration', 'range_clause', 'return_statement', 'short_var_declaration', 'type_spec',
  'unary_expression', 'variadic_parameter_declaration',
];
const NAME_TYPES = ['identifier', 'field_identifier', 'selector_expression'];
const GROUP_OF = new Map<string, readonly string[]>(
  [CORE_TYPES, STATEMENT_TYPES, NAME_TYPES].flatMap((group) => group.map((t) => [t, group] as const)),
);
/** Below this many characters a scope is cheaper to walk directly than to build the index for. */
const SMALL_SCOPE = 2048;

interface NodeIndex {
  byType: Map<string, Node[]>;
  /** The type groups already gathered. */
  groups: Set<readonly string[]>;
  /** Functions (declarations, methods, literals) in document order. */
  functions?: FunctionIndex;
}

interface FunctionIndex {
  nodes: Node[];
  ends: number[];
  /** Per function, the position of the nearest earlier function that ends no earlier (its enclosing one), or -1. */
  enclosing: number[];
}

const treeIndexes = new WeakMap<Tree, NodeIndex>();
/** Source text of each tree a GoFile was made for: name lookups search the text before touching nodes. */
const treeTexts = new WeakMap<Tree, string>();

function treeIndex(tree: Tree): NodeIndex {
  let index = treeIndexes.get(tree);
  if (!index) {
    index = { byType: new Map(), groups: new Set() };
    treeIndexes.set(tree, index);
  }
  return index;
}

function indexOf(tree: Tree, group: readonly string[]): NodeIndex {
  const index = treeIndex(tree);
  if (!index.groups.has(group)) {
    index.groups.add(group);
    for (const type of group) index.byType.set(type, []);
    for (const node of tree.rootNode.descendantsOfType([...group])) if (node) index.byType.get(node.type)?.push(node);
  }
  return index;
}

const declarationFunctions = subtreeFact((decl: Node) => descendants(decl, FUNCTION_TYPE_LIST));

function functionsOf(tree: Tree): FunctionIndex {
  const index = treeIndex(tree);
  if (!index.functions) {
    const root: unknown = tree.rootNode;
    const found = root instanceof MirrorNode ? perDeclaration(root, declarationFunctions) : descendants(tree.rootNode, FUNCTION_TYPE_LIST);
    const nodes = found.sort((a, b) => a.startIndex - b.startIndex);
    const ends = nodes.map((n) => n.endIndex);
    const enclosing: number[] = [];
    const open: number[] = [];
    ends.forEach((end, i) => {
      while (open.length > 0 && ends[open[open.length - 1]] < end) open.pop();
      enclosing.push(open.length > 0 ? open[open.length - 1] : -1);
      open.push(i);
    });
    index.functions = { nodes, ends, enclosing };
  }
  return index.functions;
}

/** First position in a start-ordered list whose node starts at or after `offset`. */
function lowerBound(nodes: Node[], offset: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].startIndex < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `scope.descendantsOfType(types)` (the scope itself included when it matches, document order), served
 * from the tree's index for large scopes.
 */
export function descendants(scope: Node, types: string | readonly string[]): Node[] {
  const list = typeof types === 'string' ? [types] : types;
  // A mirrored tree answers from memory, and keeps the answers of its unchanged parts across edits.
  const mirrored: unknown = scope;
  if (mirrored instanceof MirrorNode) return mirrored.descendantsOfType([...list]).map(asNode);
  const groups = list.map((t) => GROUP_OF.get(t));
  const built = treeIndexes.get(scope.tree)?.groups;
  const useIndex = groups.every((g) => g && (built?.has(g) || scope.endIndex - scope.startIndex >= SMALL_SCOPE));
  if (!useIndex) {
    return scope.descendantsOfType([...list]).filter((n): n is Node => !!n);
  }
  const start = scope.startIndex;
  const end = scope.endIndex;
  const out: Node[] = [];
  list.forEach((type, i) => {
    const nodes = indexOf(scope.tree, groups[i] as readonly string[]).byType.get(type) ?? [];
    for (let j = lowerBound(nodes, start); j < nodes.length && nodes[j].startIndex < end; j++) {
      if (nodes[j].endIndex <= end) out.push(nodes[j]);
    }
  });
  if (list.length > 1) out.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  return out;
}

export function isGeneratedGo(text: string): boolean {
  return /^\/\/ Code generated .* DO NOT EDIT\.$/m.test(text.slice(0, 2000));
}

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** The decoded value of a Go string literal node. */
export const stringValue: (node: Node) => string = subtreeFact(decodeStringLiteral);

function decodeStringLiteral(node: Node): string {
  const text = node.text;
  if (node.type === 'raw_string_literal') return text.slice(1, -1).replace(/\r/g, '');
  const body = text.slice(1, text.endsWith('"') && text.length > 1 ? -1 : undefined);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, esc: string) => {
    switch (esc[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(esc.slice(1), 16));
      default: return /^[0-7]{3}$/.test(esc) ? String.fromCharCode(parseInt(esc, 8)) : esc;
    }
  });
}

export function isStringLiteral(node: Node | null | undefined): boolean {
  return !!node && STRING_LITERAL_TYPES.has(node.type);
}

/**
 * A fact read off a node's own subtree, computed once per node. A mirrored node (tree-mirror.ts) is
 * kept across edits for as long as its subtree is unchanged, so its facts are kept with it; a
 * web-tree-sitter node is a new object at each access, so its facts are kept per tree, by node id.
 */
export function subtreeFact<T>(compute: (node: Node) => T): (node: Node) => T {
  const slot = newFactSlot();
  const byTree = new WeakMap<Tree, Map<number, T>>();
  return (node) => {
    const mirrored: unknown = node;
    if (mirrored instanceof MirrorNode) return keptFact(mirrored, slot, node, compute);
    let perTree = byTree.get(node.tree);
    if (!perTree) byTree.set(node.tree, (perTree = new Map()));
    let fact = perTree.get(node.id);
    if (fact === undefined) perTree.set(node.id, (fact = compute(node)));
    return fact;
  };
}

function keptFact<T>(mirrored: MirrorNode, slot: number, node: Node, compute: (node: Node) => T): T {
  const facts = (mirrored.facts ??= []);
  let fact = facts[slot] as T | undefined;
  if (fact === undefined) facts[slot] = fact = compute(node);
  return fact;
}

/**
 * A fact about a mirrored node that depends on its surroundings up to its top-level declaration (its
 * parents, its siblings), not beyond: kept for as long as that declaration is reused whole across edits,
 * which the node's anchor (tree-mirror.ts) tells.
 */
function declarationFact<T>(compute: (node: Node) => T): (node: Node) => T {
  const slot = newFactSlot();
  return (node) => {
    const mirrored = node as unknown as MirrorNode;
    const facts = (mirrored.facts ??= []);
    let entry = facts[slot] as { anchor: MirrorNode; fact: T } | undefined;
    if (entry?.anchor !== mirrored.anchor) facts[slot] = entry = { anchor: mirrored.anchor, fact: compute(node) };
    return entry.fact;
  };
}

/**
 * A fact read off a node's own subtree, for the rules' per-keystroke loops: kept with a mirrored node
 * across edits (see `subtreeFact`), computed afresh for a tree read once (a scan gains nothing from keeping it).
 */
export function editedSubtreeFact<T>(compute: (node: Node) => T): (node: Node) => T {
  const slot = newFactSlot();
  return (node) => {
    const mirrored: unknown = node;
    return mirrored instanceof MirrorNode ? keptFact(mirrored, slot, node, compute) : compute(node);
  };
}

/**
 * A fact about a node read off its top-level declaration (parents, siblings) and the file's imports,
 * nothing else: kept with a mirrored node while its declaration is reused whole and the imports are
 * unchanged; computed afresh for a tree read once.
 */
export function editedDeclarationFact<T>(compute: (file: GoFile, node: Node) => T): (file: GoFile, node: Node) => T {
  const slot = newFactSlot();
  return (file, node) => {
    const mirrored: unknown = node;
    if (!(mirrored instanceof MirrorNode)) return compute(file, node);
    const imports = file.imports;
    const facts = (mirrored.facts ??= []);
    let entry = facts[slot] as { anchor: MirrorNode; imports: Map<string, string>; fact: T } | undefined;
    if (entry?.anchor !== mirrored.anchor || entry.imports !== imports) facts[slot] = entry = { anchor: mirrored.anchor, imports, fact: compute(file, node) };
    return entry.fact;
  };
}

/** Where a literal's value goes, read off its parents within its declaration (see `literalSite`). */
const siteInDeclaration = declarationFact((literal) => literalSite(literal));

/** Facts of a call: many rules ask about the same calls. */
export const callInfo: (node: Node) => CallInfo = subtreeFact(computeCallInfo);

function computeCallInfo(node: Node): CallInfo {
  let fn = node.childForFieldName('function');
  while (fn && (fn.type === 'generic_type' || fn.type === 'parenthesized_expression') && fn.namedChildren[0]) fn = fn.namedChildren[0];
  const callee = fn && (fn.type === 'identifier' || fn.type === 'selector_expression') ? fn.text.replace(/\s+/g, '') : '';
  const dot = callee.lastIndexOf('.');
  const args = node.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
  return { node, callee, name: dot === -1 ? callee : callee.slice(dot + 1), receiver: dot === -1 ? '' : callee.slice(0, dot), args };
}

/**
 * The string key an argument is paired with: `"DB_PASSWORD"` for the value in `os.Setenv("DB_PASSWORD",
 * "x")`; for a first argument, the key of the call it is asked of (`sec.Key("JWT_SECRET").MustString("x")`).
 */
export function argumentKey(call: Node, index: number): string | undefined {
  const previous = index > 0 ? callInfo(call).args[index - 1] : undefined;
  if (previous) return isStringLiteral(previous) ? stringValue(previous) : undefined;
  const operand = call.childForFieldName('function')?.childForFieldName('operand');
  const keyed = operand?.type === 'call_expression' ? callInfo(operand).args : [];
  return keyed.length === 1 && isStringLiteral(keyed[0]) ? stringValue(keyed[0]) : undefined;
}

/** Steps up through wrappers that keep a value the same: `( x )`, `[]byte(x)`, `string(x)`, `&T{}`. */
export function valueParent(node: Node): { node: Node; parent: Node | null } {
  let current = node;
  let parent = current.parent;
  while (parent) {
    const wraps =
      parent.type === 'parenthesized_expression' ||
      parent.type === 'literal_element' ||
      parent.type === 'type_conversion_expression' ||
      (parent.type === 'unary_expression' && parent.child(0)?.text === '&');
    if (wraps) current = parent;
    else if (parent.type === 'argument_list' && parent.parent && isConversionCall(parent.parent) && parent.namedChildren.length === 1) current = parent.parent;
    else break;
    parent = current.parent;
  }
  return { node: current, parent };
}

/** `[]byte("x")` and `string(b)` parse as calls in some positions. */
function isConversionCall(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  if (fn.type === 'slice_type' || fn.type === 'parenthesized_type') return true;
  return fn.type === 'identifier' && (fn.text === 'string' || fn.text === 'byte' || fn.text === 'rune');
}

/** What a conversion converts: `"k"` for `[]byte("k")` or `string("k")`; any other node itself. */
export function convertedValue(node: Node): Node {
  if (node.type === 'type_conversion_expression') return node.childForFieldName('operand') ?? node;
  if (node.type === 'call_expression' && isConversionCall(node)) {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length === 1 && args[0]) return args[0];
  }
  return node;
}

/** Where a value goes; works for any expression (a call, an identifier), not only literals. */
export function literalSite(literal: Node): LiteralSite {
  const { node, parent } = valueParent(literal);
  if (!parent) return { kind: 'other' };
  if (parent.type === 'expression_list') {
    const holder = parent.parent;
    const index = parent.namedChildren.findIndex((c) => c?.id === node.id);
    if (holder && (holder.type === 'short_var_declaration' || holder.type === 'assignment_statement')) {
      if (holder.childForFieldName('right')?.id !== parent.id) return { kind: 'other' };
      const left = holder.childForFieldName('left')?.namedChildren[index];
      if (!left) return { kind: 'other' };
      const nameNode = left.type === 'selector_expression' ? left.childForFieldName('field') ?? left : left;
      if (left.type === 'index_expression') {
        const key = left.childForFieldName('index');
        if (key && isStringLiteral(key)) return { kind: 'map-key-value', key: stringValue(key) };
        return { kind: 'other' };
      }
      return {
        kind: 'assign',
        name: nameNode.text,
        nameNode,
        declaration: holder.type === 'short_var_declaration' ? 'short' : 'assign',
        packageLevel: false,
      };
    }
    if (holder && (holder.type === 'var_spec' || holder.type === 'const_spec')) {
      const names = holder.childrenForFieldName('name').filter((n): n is Node => !!n);
      const nameNode = names[index] ?? names[0];
      if (!nameNode) return { kind: 'other' };
      return {
        kind: 'assign',
        name: nameNode.text,
        nameNode,
        declaration: holder.type === 'const_spec' ? 'const' : 'var',
        packageLevel: enclosingFunction(holder) === null,
      };
    }
    if (holder?.type === 'return_statement') return { kind: 'return' };
    return { kind: 'other' };
  }
  if (parent.type === 'keyed_element') {
    const [keyNode, valueNode] = parent.namedChildren;
    if (valueNode?.id !== node.id || !keyNode) return { kind: 'other' };
    const key = keyNode.type === 'literal_element' ? keyNode.namedChildren[0] : keyNode;
    if (!key) return { kind: 'other' };
    if (isStringLiteral(key)) return { kind: 'map-key-value', key: stringValue(key) };
    const composite = parent.parent?.parent;
    if (key.type === 'identifier' || key.type === 'field_identifier') {
      return composite?.type === 'composite_literal' ? { kind: 'field', name: key.text, composite } : { kind: 'other' };
    }
    return { kind: 'other' };
  }
  if (parent.type === 'literal_value') {
    const composite = parent.parent;
    return composite?.type === 'composite_literal' ? { kind: 'element', composite } : { kind: 'other' };
  }
  if (parent.type === 'argument_list' && parent.parent?.type === 'call_expression') {
    const args = parent.namedChildren.filter((n) => n && n.type !== 'comment');
    return { kind: 'argument', call: parent.parent, index: args.findIndex((a) => a?.id === node.id) };
  }
  if (parent.type === 'binary_expression') {
    const op = parent.child(1)?.text;
    if (op === '==' || op === '!=') {
      const left = parent.childForFieldName('left');
      const right = parent.childForFieldName('right');
      const other = left?.id === node.id ? right : left;
      if (other) return { kind: 'compare', other };
    }
  }
  return { kind: 'other' };
}

export function enclosingFunction(node: Node): Node | null {
  return innermostFunction(node, (fn) => FUNCTION_TYPES.has(fn.type));
}

/** The innermost indexed function strictly containing `node` that `accept`s, found by offsets, not by climbing parents. */
function innermostFunction(node: Node, accept: (fn: Node) => boolean): Node | null {
  const { nodes, ends, enclosing } = functionsOf(node.tree);
  const end = node.endIndex;
  if (end === node.startIndex) {
    // An empty node can sit where one function ends and the next begins: every earlier function is a candidate.
    for (let i = lowerBound(nodes, node.startIndex + 1) - 1; i >= 0; i--) if (ends[i] >= end && nodes[i].id !== node.id && accept(nodes[i])) return nodes[i];
    return null;
  }
  // Functions nest: the earlier functions containing the node are the one starting last before it
  // and those enclosing that one, so only that chain is looked at.
  for (let i = lowerBound(nodes, node.startIndex + 1) - 1; i >= 0; i = ends[i] >= end ? enclosing[i] : nearestEndingAfter(ends, enclosing, i, end)) {
    const fn = nodes[i];
    if (ends[i] >= end && fn.id !== node.id && accept(fn)) return fn;
  }
  return null;
}

/** Up the enclosing chain from function `i` to the first that ends at or after `end` (or -1). */
function nearestEndingAfter(ends: number[], enclosing: number[], i: number, end: number): number {
  let j = enclosing[i];
  while (j >= 0 && ends[j] < end) j = enclosing[j];
  return j;
}

/** The innermost named function (declaration or method) containing a node. */
export function enclosingDeclaredFunction(node: Node): Node | null {
  return innermostFunction(node, (fn) => fn.type === 'function_declaration' || fn.type === 'method_declaration');
}

const identifiersByTree = new WeakMap<Tree, Map<string, Node[]>>();

/** Identifiers named `name` inside `scope` (not field names of selectors, not declarations' types). */
export function identifiersNamed(scope: Node, name: string): Node[] {
  // Rules look the same names up in the same scopes, a whole file's often: each search is kept for the parse.
  let searches = identifiersByTree.get(scope.tree);
  if (!searches) identifiersByTree.set(scope.tree, (searches = new Map()));
  const key = `${scope.startIndex}:${scope.endIndex}:${name}`;
  let found = searches.get(key);
  if (!found) {
    const mirrored: unknown = scope;
    // A mirrored node is kept across edits while its subtree is unchanged, and the search with it; the
    // root changes at every edit, so a whole file is searched declaration by declaration.
    if (!(mirrored instanceof MirrorNode)) found = searchIdentifiers(scope, name);
    else found = mirrored.parent ? identifiersInSubtree(mirrored, name) : declarationsMentioning(mirrored, name).flatMap((d) => identifiersInSubtree(d, name));
    searches.set(key, found);
  }
  return found;
}

/** The root's children whose text contains `name`: the only ones that can hold an identifier of that name. */
function declarationsMentioning(root: MirrorNode, name: string): MirrorNode[] {
  const text = root.tree.text;
  const children = root.children;
  const out: MirrorNode[] = [];
  for (let at = text.indexOf(name); at !== -1; ) {
    // The child holding the occurrence: the first ending after it.
    let lo = 0;
    let hi = children.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (children[mid].endIndex <= at) lo = mid + 1;
      else hi = mid;
    }
    const child = children[lo];
    if (!child) break;
    if (child.startIndex <= at && at + name.length <= child.endIndex) out.push(child);
    at = text.indexOf(name, Math.max(at + 1, child.startIndex <= at ? child.endIndex : at + 1));
  }
  return out;
}

const IDENTIFIERS_SLOT = newFactSlot();

function identifiersInSubtree(scope: MirrorNode, name: string): Node[] {
  const facts = (scope.facts ??= []);
  let byName = facts[IDENTIFIERS_SLOT] as Map<string, Node[]> | undefined;
  if (!byName) facts[IDENTIFIERS_SLOT] = byName = new Map();
  let found = byName.get(name);
  if (!found) byName.set(name, (found = searchIdentifiers(asNode(scope), name)));
  return found;
}

function searchIdentifiers(scope: Node, name: string): Node[] {
  const text = treeTexts.get(scope.tree);
  if (text === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return descendants(scope, 'identifier').filter((n) => n.text === name);
  }
  // Find the name as a whole word in the scope's text, then ask the tree only about those spots.
  const out: Node[] = [];
  const word = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, 'g');
  const start = scope.startIndex;
  const body = text.slice(start, scope.endIndex);
  for (let m = word.exec(body); m; m = word.exec(body)) {
    const at = start + m.index;
    const node = scope.tree.rootNode.descendantForIndex(at, at + name.length);
    if (node?.type === 'identifier' && node.startIndex === at && node.endIndex === at + name.length) out.push(node);
  }
  return out;
}

export interface Definition {
  /** The identifier being defined. */
  nameNode: Node;
  /** The value expression assigned, when there is one at that position. */
  value: Node | null;
  kind: 'const' | 'var' | 'short' | 'assign' | 'param' | 'range' | 'other';
}

/**
 * Every place a plain identifier gets a value: in its function (and enclosing functions) when it is
 * local, otherwise at package level in this file. No types are resolved; a name shadowed in an
 * inner block counts once per definition, which errs toward "not only a literal".
 */
export function definitionsOf(file: GoFile, ident: Node): Definition[] {
  const name = ident.text;
  const defs: Definition[] = [];
  for (let fn = enclosingFunction(ident); fn; fn = enclosingFunction(fn)) {
    collectDefinitions(fn, name, defs, true);
    if (defs.length > 0) return defs;
  }
  collectDefinitions(file.root, name, defs, false);
  return defs;
}

function collectDefinitions(scope: Node, name: string, out: Definition[], local: boolean): void {
  for (const ident of identifiersNamed(scope, name)) {
    if (!local && enclosingFunction(ident) !== null) continue;
    const definition = definitionAt(ident);
    if (definition) out.push(definition);
  }
}

/** The definition an identifier stands at, when it is the name being given a value. */
function definitionAt(ident: Node): Definition | null {
  const parent = ident.parent;
  if (!parent) return null;
  const position = (list: (Node | null)[]): number => list.findIndex((n) => n?.id === ident.id);
  switch (parent.type) {
    case 'expression_list': {
      const holder = parent.parent;
      if (!holder || holder.childForFieldName('left')?.id !== parent.id) return null;
      if (holder.type === 'range_clause') return { nameNode: ident, value: null, kind: 'range' };
      if (holder.type !== 'short_var_declaration' && holder.type !== 'assignment_statement') return null;
      const left = parent.namedChildren;
      const right = holder.childForFieldName('right')?.namedChildren ?? [];
      const i = position(left);
      return { nameNode: ident, value: right.length === left.length ? right[i] ?? null : null, kind: holder.type === 'short_var_declaration' ? 'short' : 'assign' };
    }
    case 'var_spec':
    case 'const_spec': {
      const names = parent.childrenForFieldName('name');
      const i = position(names);
      if (i === -1) return null;
      const values = parent.childForFieldName('value')?.namedChildren ?? [];
      return { nameNode: ident, value: values.length === names.length ? values[i] ?? null : null, kind: parent.type === 'const_spec' ? 'const' : 'var' };
    }
    case 'parameter_declaration':
    case 'variadic_parameter_declaration':
      return position(parent.childrenForFieldName('name')) === -1 ? null : { nameNode: ident, value: null, kind: 'param' };
    default:
      return null;
  }
}

/** An operand of an assignment's left side (`x` in `x, y = …`), not of a `:=`. */
function isAssignmentLeft(ident: Node): boolean {
  const list = ident.parent;
  return list?.type === 'expression_list' && list.parent?.type === 'assignment_statement' && list.parent.childForFieldName('left')?.id === list.id;
}

export function isAssignmentTarget(ident: Node): boolean {
  const list = ident.parent;
  if (list?.type !== 'expression_list') return false;
  const holder = list.parent;
  return (holder?.type === 'assignment_statement' || holder?.type === 'short_var_declaration') && holder.childForFieldName('left')?.id === list.id;
}

/**
 * The reads of the variable `nameNode` declares or is assigned to, with Go's block scoping: a local is
 * read in the block that declares it (minus inner blocks that redeclare the name); a package-level
 * variable in every file of its package (`packageFiles`, the current file included, asked for only then)
 * wherever no local of the same name hides it.
 */
export function usesOfVariable(nameNode: Node, packageFiles: PackageFiles): Node[] {
  const fn = outermostFunction(nameNode);
  const declarations = fn ? localDeclarations(fn, nameNode.text) : [];
  const target = declarations.find((d) => sameNode(d.name, nameNode)) ?? innermostDeclaration(nameNode, declarations);
  if (target) {
    return identifiersNamed(target.scope, nameNode.text).filter(
      (n) => !sameNode(n, nameNode) && isRead(n) && innermostDeclaration(n, declarations) === target,
    );
  }
  const declarationsByFunction = new Map<number, LocalDeclaration[]>();
  return packageFiles([nameNode.text])
    .flatMap((f) => identifiersNamed(f.root, nameNode.text))
    .filter((n) => {
      if (sameNode(n, nameNode) || !isRead(n)) return false;
      const outer = outermostFunction(n);
      if (!outer) return true;
      let locals = declarationsByFunction.get(outer.id);
      if (!locals) declarationsByFunction.set(outer.id, (locals = localDeclarations(outer, nameNode.text)));
      return innermostDeclaration(n, locals) === undefined;
    });
}

interface LocalDeclaration {
  name: Node;
  /** The block (or function, `if`, `for`, case clause) the name is visible in. */
  scope: Node;
}

const SCOPE_TYPES = new Set([
  'block', 'if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement',
  'expression_case', 'default_case', 'type_case', 'communication_case', 'function_declaration', 'method_declaration', 'func_literal',
]);

function sameNode(a: Node, b: Node): boolean {
  return a.id === b.id && a.tree === b.tree;
}

function outermostFunction(node: Node): Node | null {
  let outer: Node | null = null;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) outer = fn;
  return outer;
}

/** Locals named `name` declared inside a function (`:=`, `var`, parameters, range variables), with their scopes. */
function localDeclarations(fn: Node, name: string): LocalDeclaration[] {
  const out: LocalDeclaration[] = [];
  for (const ident of identifiersNamed(fn, name)) {
    if (!isLocalDeclaration(ident)) continue;
    let scope = ident.parent;
    while (scope && !SCOPE_TYPES.has(scope.type)) scope = scope.parent;
    if (scope) out.push({ name: ident, scope });
  }
  return out;
}

/** The declaration an identifier refers to: the one in the innermost scope around it, declared before it. */
function innermostDeclaration(ident: Node, declarations: LocalDeclaration[]): LocalDeclaration | undefined {
  let best: LocalDeclaration | undefined;
  for (const d of declarations) {
    if (d.name.startIndex > ident.startIndex || d.scope.startIndex > ident.startIndex || d.scope.endIndex < ident.endIndex) continue;
    if (!best || d.scope.startIndex > best.scope.startIndex || (d.scope.startIndex === best.scope.startIndex && d.name.startIndex > best.name.startIndex)) best = d;
  }
  return best;
}

function isLocalDeclaration(ident: Node): boolean {
  const parent = ident.parent;
  if (!parent) return false;
  if (['var_spec', 'const_spec', 'parameter_declaration', 'variadic_parameter_declaration'].includes(parent.type)) return true;
  const holder = parent.type === 'expression_list' ? parent.parent : null;
  return (holder?.type === 'short_var_declaration' || holder?.type === 'range_clause') && holder.childForFieldName('left')?.id === parent.id;
}

const selectorsByField = new WeakMap<GoFile, Map<string, Node[]>>();

/** Reads of a struct field by name (`cfg.DatabaseURL`, `s.cfg.DatabaseURL`) in the given files; assignments to it are not reads. */
export function fieldReads(files: GoFile[], field: string): Node[] {
  return files.flatMap((f) => {
    let index = selectorsByField.get(f);
    if (!index) {
      index = new Map();
      for (const n of descendants(f.root, 'selector_expression')) {
        const name = n?.childForFieldName('field')?.text;
        if (n && name) index.set(name, [...(index.get(name) ?? []), n]);
      }
      selectorsByField.set(f, index);
    }
    return (index.get(field) ?? []).filter((n) => !isAssignmentTarget(n));
  });
}

/** Parameter type texts of a function node: `w http.ResponseWriter, r *http.Request` → [`http.ResponseWriter`, `*http.Request`]. */
export function parameterTypes(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const out: string[] = [];
  for (const p of params.namedChildren) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const type = p.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
    const count = Math.max(1, p.childrenForFieldName('name').length);
    for (let i = 0; i < count; i++) out.push(type);
  }
  return out;
}

/** Name of a declared function or method (`handleLogin`), '' for a literal. */
export function functionName(fn: Node): string {
  return fn.childForFieldName('name')?.text ?? '';
}

/** A type expression with pointers and type arguments stripped: `*lru.Cache[K, V]` → `lru.Cache`. */
export function baseType(type: Node): Node {
  let t = type;
  while ((t.type === 'pointer_type' || t.type === 'generic_type' || t.type === 'parenthesized_type') && t.namedChildren[0]) {
    t = t.type === 'generic_type' ? t.childForFieldName('type') ?? t.namedChildren[0] : t.namedChildren[0];
  }
  return t;
}

/** The imported type a type expression names: `*http.Server` → { importPath: 'net/http', name: 'Server' }. */
export function importedType(file: GoFile, type: Node): { importPath: string; name: string } | undefined {
  const base = baseType(type);
  if (base.type !== 'qualified_type') return undefined;
  const importPath = file.importOf(base.childForFieldName('package')?.text ?? '');
  const name = base.childForFieldName('name')?.text;
  return importPath && name ? { importPath, name } : undefined;
}

/** A string literal a value comes from, in the file it is written in. */
/**
 * The files of the analysed file's package, the analysed file included. With `mentions`, only those
 * whose text contains one of the words (and one of `alsoMentions`, when given); the rest is not even
 * parsed: how package-level names are looked up without parsing a whole large package.
 */
export type PackageFiles = (mentions?: readonly string[], alsoMentions?: readonly string[]) => GoFile[];

export interface LiteralOrigin {
  file: GoFile;
  node: Node;
}

/**
 * The string literals a value expression carries: the expression itself (seen through `[]byte(…)`),
 * the elements of a `[]string{…}`, or — one hop — what a variable or constant is given, when it is only ever given
 * literals. A name also given an env read, a config field or a flag (through `&name`) holds config,
 * not a hardcoded value: no literals. Package-level names are looked up in `packageFiles`.
 */
export function literalOrigins(file: GoFile, expr: Node, packageFiles: PackageFiles): LiteralOrigin[] {
  let value = convertedValue(expr);
  // `(x)`, and `xs...` spread into a variadic parameter
  while ((value.type === 'parenthesized_expression' || value.type === 'variadic_argument') && value.namedChildren[0]) value = convertedValue(value.namedChildren[0]);
  if (isStringLiteral(value)) return [{ file, node: value }];
  if (isStringSlice(value)) return sliceElements(value).flatMap((e) => (isStringLiteral(e) || e.type === 'identifier' ? literalOrigins(file, e, packageFiles) : []));
  if (value.type !== 'identifier') return [];
  return literalDefinitions(file, value, packageFiles).flatMap(({ file: f, value: v }) =>
    (isStringLiteral(convertedValue(v)) ? [convertedValue(v)] : sliceElements(v)).map((node) => ({ file: f, node })),
  );
}

/** The values a name is given, when every one of them is a literal; none otherwise. */
function literalDefinitions(file: GoFile, ident: Node, packageFiles: PackageFiles): { file: GoFile; value: Node }[] {
  const local = definitionsOf(file, ident).filter((d) => enclosingFunction(d.nameNode) !== null);
  const declaration = local.find((d) => d.kind !== 'assign');
  if (declaration) {
    const scope = enclosingFunction(declaration.nameNode)!;
    if (!local.every(isLiteralDefinition) || identifiersNamed(scope, ident.text).some(isAddressTaken)) return [];
    return local.flatMap((d) => (d.value ? [{ file, value: d.value }] : []));
  }
  // A package-level name: declared in one file of the package, possibly assigned in any.
  const files = packageFiles([ident.text]);
  const definitions = files.flatMap((f) => {
    const declared: Definition[] = [];
    collectDefinitions(f.root, ident.text, declared, false);
    // The name's identifiers on the left of an assignment: found from the name, not from every assignment.
    const assigned = identifiersNamed(f.root, ident.text).filter((l) => isAssignmentLeft(l) && refersToPackageLevel(f, l));
    const writes = assigned.flatMap((l) => definitionsOf(f, l).filter((d) => d.nameNode.id === l.id));
    return [...declared, ...writes].map((d) => ({ file: f, d }));
  });
  if (definitions.length === 0 || !definitions.every(({ d }) => isLiteralDefinition(d))) return [];
  if (files.some((f) => identifiersNamed(f.root, ident.text).some((n) => isAddressTaken(n) && refersToPackageLevel(f, n)))) return [];
  return definitions.flatMap(({ file: f, d }) => (d.value ? [{ file: f, value: d.value }] : []));
}

function isStringSlice(node: Node): boolean {
  const type = node.type === 'composite_literal' ? node.childForFieldName('type') : null;
  return (type?.type === 'slice_type' || type?.type === 'array_type') && type.childForFieldName('element')?.text === 'string';
}

function sliceElements(composite: Node): Node[] {
  return (composite.childForFieldName('body')?.namedChildren ?? []).flatMap((e) => (e?.type === 'literal_element' && e.namedChildren[0] ? [e.namedChildren[0]] : []));
}

/**
 * The literals of `file` whose value reaches a sink — an argument or field `sinksIn` reports — directly
 * or through one variable or constant (see `literalOrigins`), by the literal's start offset. Sinks are
 * looked for in `file`, and in the other files of its package when `file` declares package-level values.
 */
/** Sinks found in a file, per finder: a sibling file that did not change is not searched again. */
const sinksByFile = new WeakMap<GoFile, Map<unknown, unknown>>();

function memoSinks<T>(file: GoFile, sinksIn: (f: GoFile) => { value: Node; sink: T }[]): { value: Node; sink: T }[] {
  let perFile = sinksByFile.get(file);
  if (!perFile) {
    perFile = new Map();
    sinksByFile.set(file, perFile);
  }
  let sinks = perFile.get(sinksIn) as { value: Node; sink: T }[] | undefined;
  if (!sinks) {
    sinks = sinksIn(file);
    perFile.set(sinksIn, sinks);
  }
  return sinks;
}

/**
 * The literals of `file` that reach a sink `sinksIn` finds, in place or through one package-level name.
 * `sinkWords`: words every file holding a sink contains (call names), so other files need no parse.
 */
export function literalsReaching<T>(
  file: GoFile,
  packageFiles: PackageFiles,
  sinksIn: (f: GoFile) => { value: Node; sink: T }[],
  sinkWords?: readonly string[],
): Map<number, T> {
  const reached = new Map<number, T>();
  const scan = (f: GoFile): void => {
    for (const { value, sink } of memoSinks(f, sinksIn)) {
      for (const origin of literalOrigins(f, value, packageFiles)) {
        if (origin.file.path === file.path && !reached.has(origin.node.startIndex)) reached.set(origin.node.startIndex, sink);
      }
    }
  };
  scan(file);
  // Other files can only reach this file's literals through the package-level names declaring them.
  const declared = literalNamesDeclaredIn(file);
  if (declared.length > 0) for (const f of packageFiles(declared, sinkWords)) if (f.path !== file.path) scan(f);
  return reached;
}

const literalNamesByFile = new WeakMap<GoFile, string[]>();

/** The package-level names a file gives string literals to (its const and var declarations holding literals). */
function literalNamesDeclaredIn(file: GoFile): string[] {
  let names = literalNamesByFile.get(file);
  if (!names) {
    names = file.root.namedChildren.flatMap((n) => (n ? literalNamesDeclared(n) : []));
    literalNamesByFile.set(file, names);
  }
  return names;
}

const literalNamesDeclared = subtreeFact((n: Node): string[] =>
  (n.type === 'const_declaration' || n.type === 'var_declaration') && descendants(n, [...STRING_LITERAL_TYPES]).length > 0
    ? descendants(n, ['const_spec', 'var_spec']).flatMap((spec) => spec.childrenForFieldName('name').flatMap((name) => (name ? [name.text] : [])))
    : [],
);

const compositesByFile = new WeakMap<GoFile, Node[]>();

function importedTypeCompositesIn(scope: Node): Node[] {
  return descendants(scope, 'composite_literal').filter((n) => {
    const type = n.childForFieldName('type');
    return !!type && baseType(type).type === 'qualified_type';
  });
}

const declarationImportedTypeComposites = subtreeFact(importedTypeCompositesIn);

/** Composite literals of an imported type: `redis.Options{…}`, `&http.Server{…}`. */
export function importedTypeComposites(file: GoFile): Node[] {
  let composites = compositesByFile.get(file);
  if (!composites) {
    const root: unknown = file.root;
    composites = root instanceof MirrorNode ? perDeclaration(root, declarationImportedTypeComposites) : importedTypeCompositesIn(file.root);
    compositesByFile.set(file, composites);
  }
  return composites;
}

/** A default a config library takes from a struct tag: a literal like any other, written in a tag. */
export interface TagDefault {
  /** The tag's string literal (findings use its start as their literal offset). */
  tag: Node;
  /** The default value, and where it sits inside the tag. */
  value: string;
  range: Range;
  field: string;
  /** The env var the field is read from, when the tag names it (`env:"X"`, `envconfig:"X"`, `conf:"env:X"`). */
  envVar?: string;
}

const tagDefaultsByFile = new WeakMap<GoFile, TagDefault[]>();

/** Struct-tag defaults: `envDefault:"…"` (caarlos0/env), `default:"…"` (envconfig), `env-default:"…"` (cleanenv), `conf:"default:…"` (ardanlabs/conf). */
export function structTagDefaults(file: GoFile): TagDefault[] {
  let defaults = tagDefaultsByFile.get(file);
  if (defaults) return defaults;
  const root: unknown = file.root;
  const found = root instanceof MirrorNode ? perDeclaration(root, declarationTagDefaults) : descendants(file.root, 'field_declaration').flatMap(tagDefaultOf);
  defaults = found.map(({ at, ...tagDefault }) => {
    const start = { line: tagDefault.tag.startPosition.row, character: tagDefault.tag.startPosition.column + at };
    return { ...tagDefault, range: { start, end: { line: start.line, character: start.character + tagDefault.value.length } } };
  });
  tagDefaultsByFile.set(file, defaults);
  return defaults;
}

/** A tag default without its place in the file: `at`, where the value starts in the tag. */
type PlacelessTagDefault = Omit<TagDefault, 'range'> & { at: number };

/** Struct types are declared in top-level declarations (or functions): a declaration's tag defaults are its own. */
const declarationTagDefaults = subtreeFact((decl: Node) => descendants(decl, 'field_declaration').flatMap(tagDefaultOf));

function tagDefaultOf(decl: Node): PlacelessTagDefault[] {
  const tag = decl.childForFieldName('tag');
  const field = decl.childForFieldName('name')?.text;
  if (tag?.type !== 'raw_string_literal' || !field || tag.text.includes('\n')) return [];
  const entries = Array.from(tag.text.matchAll(/([\w-]+):"((?:[^"\\]|\\.)*)"/g), (m) => ({ key: m[1], value: m[2], at: m.index + m[1].length + 2 }));
  const conf = entries.find((e) => e.key === 'conf');
  const confOptions = conf ? Array.from(conf.value.matchAll(/(?:^|,)(\w+):([^,]*)/g), (m) => ({ key: m[1], value: m[2], at: conf.at + m.index + m[0].indexOf(':') + 1 })) : [];
  const envVar = entries.find((e) => e.key === 'env' || e.key === 'envconfig')?.value.split(',')[0] || confOptions.find((o) => o.key === 'env')?.value;
  const found = entries.find((e) => ['envDefault', 'env-default', 'default'].includes(e.key)) ?? confOptions.find((o) => o.key === 'default');
  return found ? [{ tag, value: found.value, field, envVar, at: found.at }] : [];
}

/** The keyed values of a composite literal: `Addr: addr` → { key: 'Addr' }, `"bootstrap.servers": x` → { key: 'bootstrap.servers' }. */
export function keyedValues(composite: Node): { key: string; value: Node }[] {
  return (composite.childForFieldName('body')?.namedChildren ?? []).flatMap((e) => {
    if (e?.type !== 'keyed_element') return [];
    const [keyElement, valueElement] = e.namedChildren;
    const key = keyElement?.type === 'literal_element' ? keyElement.namedChildren[0] : keyElement;
    const value = valueElement?.type === 'literal_element' ? valueElement.namedChildren[0] : valueElement;
    if (!key || !value) return [];
    return [{ key: isStringLiteral(key) ? stringValue(key) : key.text, value }];
  });
}

/** No local declaration (var, `:=`, parameter) of the name is in scope: it is the package-level one. */
function refersToPackageLevel(file: GoFile, ident: Node): boolean {
  return definitionsOf(file, ident).every((d) => d.kind === 'assign' || enclosingFunction(d.nameNode) === null);
}

/** An identifier that reads a value: not a declared name, an assignment target, a struct key or a function name. */
function isRead(ident: Node): boolean {
  const parent = ident.parent;
  if (!parent || isAssignmentTarget(ident)) return false;
  if (['var_spec', 'const_spec', 'parameter_declaration', 'variadic_parameter_declaration', 'function_declaration', 'labeled_statement'].includes(parent.type)) return false;
  if (parent.type === 'literal_element' && parent.parent?.type === 'keyed_element' && parent.parent.namedChildren[0]?.id === parent.id) return false;
  return !(parent.type === 'expression_list' && parent.parent?.type === 'range_clause' && parent.parent.childForFieldName('left')?.id === parent.id);
}

function isAddressTaken(ident: Node): boolean {
  return ident.parent?.type === 'unary_expression' && ident.parent.child(0)?.text === '&';
}

/** A definition giving a name a literal: a string, a `[]string{…}` of strings, or a `var` with no value (""). */
function isLiteralDefinition(d: Definition): boolean {
  if (d.kind === 'var' && !d.nameNode.parent?.childForFieldName('value')) return true;
  if (d.kind === 'assign' && d.nameNode.parent?.parent?.childForFieldName('operator')?.text !== '=') return false;
  return (d.kind === 'const' || d.kind === 'var' || d.kind === 'short' || d.kind === 'assign') && !!d.value && isLiteralExpression(d.value);
}

function isLiteralExpression(node: Node): boolean {
  if (node.type === 'parenthesized_expression' && node.namedChildren[0]) return isLiteralExpression(node.namedChildren[0]);
  return isStringLiteral(convertedValue(node)) || (isStringSlice(node) && sliceElements(node).every(isStringLiteral));
}

/** gin's import path, also as its early versions were imported (`gopkg.in/gin-gonic/gin.v1`). */
export const GIN_IMPORT_PATH = /^(?:github\.com\/gin-gonic\/gin|gopkg\.in\/gin-gonic\/gin\.v\d+)$/;

/** Import paths of logging libraries (`log`, `log/slog`, logrus, zerolog, zap, hclog, klog…). */
export const LOG_PACKAGE_PATH = /(^|\/)(go-)?(log|slog|logrus|zerolog|zap|zapcore|hclog|logr|log15|glog|klog|logging|logger|logx)(\.v\d+|\/v\d+)?$/;

/**
 * Route registrations whose func-literal argument is a handler whatever its parameter types (not
 * `Route`/`Group`, whose literal sets up a sub-router).
 */
export const ROUTE_METHODS = new Set([
  'Handle', 'HandleFunc', 'Any',
  'Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'Connect', 'Trace',
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE',
]);

/**
 * The path a file is opened at, as far as literals tell: `"app.log"`, `filepath.Join(dir, "app.log")` →
 * `*\/app.log`, `dir + "/app.log"` → `*\/app.log`, a constant → its value. `*` stands for unknown parts.
 */
export function pathPattern(file: GoFile, expr: Node, depth = 0): string {
  if (isStringLiteral(expr)) return stringValue(expr);
  if (depth > 2) return '*';
  if (expr.type === 'parenthesized_expression' && expr.namedChildren[0]) return pathPattern(file, expr.namedChildren[0], depth + 1);
  if (expr.type === 'identifier') {
    const defs = definitionsOf(file, expr);
    const value = defs.length === 1 ? defs[0].value : null;
    return value ? pathPattern(file, value, depth + 1) : '*';
  }
  if (expr.type === 'binary_expression' && expr.childForFieldName('operator')?.text === '+') {
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    return (left ? pathPattern(file, left, depth + 1) : '*') + (right ? pathPattern(file, right, depth + 1) : '*');
  }
  if (expr.type === 'call_expression') {
    const call = callInfo(expr);
    if (call.name === 'Join' && (call.receiver === 'filepath' || call.receiver === 'path')) return call.args.map((a) => pathPattern(file, a, depth + 1)).join('/');
    if (call.name === 'Sprintf' && call.args[0] && isStringLiteral(call.args[0])) return stringValue(call.args[0]);
  }
  return '*';
}
