// Facts about one Go file read off its tree-sitter tree: string literals and where they sit,
// calls, imports, scopes. Computed lazily, once per parse; every Go rule reads the same facts.
import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../types';

export const STRING_LITERAL_TYPES = new Set(['interpreted_string_literal', 'raw_string_literal']);
const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

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
  private readonly siteCache = new Map<number, LiteralSite>();

  constructor(readonly path: string, readonly text: string, readonly tree: Tree) {}

  get root(): Node {
    return this.tree.rootNode;
  }

  get packageName(): string {
    const clause = this.root.namedChildren.find((n) => n?.type === 'package_clause');
    return clause?.namedChildren[0]?.text ?? '';
  }

  /** Generated files (`// Code generated … DO NOT EDIT.`) are nobody's code to fix. */
  get isGenerated(): boolean {
    return /^\/\/ Code generated .* DO NOT EDIT\.$/m.test(this.text.slice(0, 2000));
  }

  /** import alias (or last path element) → import path. */
  get imports(): Map<string, string> {
    if (!this.importsCache) {
      const imports = new Map<string, string>();
      for (const spec of this.root.descendantsOfType('import_spec')) {
        if (!spec) continue;
        const pathNode = spec.childForFieldName('path');
        if (!pathNode) continue;
        const importPath = stringValue(pathNode);
        const alias = spec.childForFieldName('name')?.text;
        const segments = importPath.split('/');
        let base = segments[segments.length - 1];
        if (/^v\d+$/.test(base) && segments.length > 1) base = segments[segments.length - 2];
        base = base.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[.-]go$/, '').replace(/[^A-Za-z0-9_]/g, ''); // gopkg.in/x/lumberjack.v2 → lumberjack
        imports.set(alias && alias !== '_' && alias !== '.' ? alias : base, importPath);
      }
      this.importsCache = imports;
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
      const out: GoLiteral[] = [];
      for (const node of this.root.descendantsOfType(['interpreted_string_literal', 'raw_string_literal'])) {
        if (!node) continue;
        const parent = node.parent;
        if (parent?.type === 'import_spec' || parent?.type === 'field_declaration') continue;
        out.push({ node, value: stringValue(node) });
      }
      this.literalsCache = out;
    }
    return this.literalsCache;
  }

  get calls(): CallInfo[] {
    if (!this.callsCache) {
      this.callsCache = this.root.descendantsOfType('call_expression').flatMap((n) => (n ? [callInfo(n)] : []));
    }
    return this.callsCache;
  }

  /** Where a literal's value goes. */
  siteOf(literal: Node): LiteralSite {
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

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** The decoded value of a Go string literal node. */
export function stringValue(node: Node): string {
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

export function callInfo(node: Node): CallInfo {
  let fn = node.childForFieldName('function');
  while (fn && (fn.type === 'generic_type' || fn.type === 'parenthesized_expression') && fn.namedChildren[0]) fn = fn.namedChildren[0];
  const callee = fn && (fn.type === 'identifier' || fn.type === 'selector_expression') ? fn.text.replace(/\s+/g, '') : '';
  const dot = callee.lastIndexOf('.');
  const args = node.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
  return { node, callee, name: dot === -1 ? callee : callee.slice(dot + 1), receiver: dot === -1 ? '' : callee.slice(0, dot), args };
}

/** The string key an argument is paired with: `"DB_PASSWORD"` for the value in `os.Setenv("DB_PASSWORD", "x")`. */
export function argumentKey(call: Node, index: number): string | undefined {
  const previous = index > 0 ? callInfo(call).args[index - 1] : undefined;
  return previous && isStringLiteral(previous) ? stringValue(previous) : undefined;
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
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return null;
}

/** The outermost named function (declaration or method) containing a node. */
export function enclosingDeclaredFunction(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_declaration' || p.type === 'method_declaration') return p;
  return null;
}

export function isFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** Identifiers named `name` inside `scope` (not field names of selectors, not declarations' types). */
export function identifiersNamed(scope: Node, name: string): Node[] {
  return scope.descendantsOfType('identifier').filter((n): n is Node => !!n && n.text === name);
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
  const visit = (node: Node): void => {
    if (!local && isFunction(node) && node !== scope) return;
    switch (node.type) {
      case 'short_var_declaration':
      case 'assignment_statement': {
        const left = node.childForFieldName('left')?.namedChildren ?? [];
        const right = node.childForFieldName('right')?.namedChildren ?? [];
        left.forEach((l, i) => {
          if (l?.type === 'identifier' && l.text === name) {
            out.push({ nameNode: l, value: right.length === left.length ? right[i] ?? null : null, kind: node.type === 'short_var_declaration' ? 'short' : 'assign' });
          }
        });
        break;
      }
      case 'var_spec':
      case 'const_spec': {
        const names = node.childrenForFieldName('name');
        const values = node.childForFieldName('value')?.namedChildren ?? [];
        names.forEach((n, i) => {
          if (n?.text === name) out.push({ nameNode: n, value: values.length === names.length ? values[i] ?? null : null, kind: node.type === 'const_spec' ? 'const' : 'var' });
        });
        break;
      }
      case 'parameter_declaration':
      case 'variadic_parameter_declaration':
        for (const n of node.childrenForFieldName('name')) if (n?.text === name) out.push({ nameNode: n, value: null, kind: 'param' });
        break;
      case 'range_clause': {
        for (const l of node.childForFieldName('left')?.namedChildren ?? []) if (l?.text === name) out.push({ nameNode: l, value: null, kind: 'range' });
        break;
      }
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(scope);
}

/**
 * Where a value expression ends up: follows one hop through a variable or constant the expression is
 * assigned to, to the calls and struct fields that read it. Returns the places the value is used
 * (the expression itself when it is used in place).
 */
export function usesOfValue(file: GoFile, valueNode: Node): Node[] {
  const site = literalSite(valueNode);
  if (site?.kind !== 'assign') return [valueNode];
  const scope = site.packageLevel ? file.root : enclosingFunction(valueNode) ?? file.root;
  return identifiersNamed(scope, site.name).filter((n) => n.id !== site.nameNode.id && !isAssignmentTarget(n));
}

export function isAssignmentTarget(ident: Node): boolean {
  const list = ident.parent;
  if (list?.type !== 'expression_list') return false;
  const holder = list.parent;
  return (holder?.type === 'assignment_statement' || holder?.type === 'short_var_declaration') && holder.childForFieldName('left')?.id === list.id;
}

/**
 * The reads of the variable `nameNode` declares or is assigned to: in the function declaring it when
 * it is local, otherwise in every file of its package (`packageFiles`, the current file included, asked
 * for only then).
 * Shadowing is not resolved, which errs toward more reads.
 */
export function usesOfVariable(nameNode: Node, packageFiles: () => GoFile[]): Node[] {
  const scope = declaringFunction(nameNode);
  const roots = scope ? [scope] : packageFiles().map((f) => f.root);
  return roots
    .flatMap((root) => identifiersNamed(root, nameNode.text))
    .filter((n) => !(n.id === nameNode.id && n.tree === nameNode.tree) && isRead(n));
}

/** The innermost function around `ident` that declares a local of its name (`:=`, `var`, parameter, range). */
function declaringFunction(ident: Node): Node | null {
  for (let fn = enclosingFunction(ident); fn; fn = enclosingFunction(fn)) {
    if (identifiersNamed(fn, ident.text).some(isLocalDeclaration)) return fn;
  }
  return null;
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
      for (const n of f.root.descendantsOfType('selector_expression')) {
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

/** Parameter names of a function node by position: `func f(user, password string)` → [`user`, `password`]. */
export function parameterNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  return params.namedChildren.flatMap((p) => {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) return [];
    const names = p.childrenForFieldName('name').filter((n): n is Node => !!n);
    return names.length > 0 ? names.map((n) => n.text) : [''];
  });
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

/** A place a literal's value is read: the literal itself, or a read of the name holding it. */
export interface ValueRead {
  file: GoFile;
  node: Node;
}

/**
 * Where a literal value (a string literal, or a `[]string{…}` of them) is read: in place, or — when
 * it is assigned to a variable or constant — at each read of that name, one hop. A name that is ever
 * given anything but a literal (an env read, a config field, a flag through `&name`) holds config,
 * not a hardcoded value: no reads. Package-level names are followed into `packageFiles`.
 */
export function readsOfLiteralValue(file: GoFile, value: Node, packageFiles: () => GoFile[]): ValueRead[] {
  const site = literalSite(value);
  if (site.kind !== 'assign') return [{ file, node: value }];
  if (site.nameNode.type !== 'identifier') return []; // a field (`cfg.Addr = "…"`) belongs to a config value
  const declaration = site.declaration === 'assign' ? localDeclarationOf(file, site.nameNode) : site.nameNode;
  const scope = declaration ? enclosingFunction(declaration) : null;
  if (declaration && scope) {
    const reads = identifiersNamed(scope, site.name).filter(
      (n) => isRead(n) && definitionsOf(file, n).some((d) => d.nameNode.id === declaration.id),
    );
    const onlyLiterals = reads.every((r) => !isAddressTaken(r) && definitionsOf(file, r).every(isLiteralDefinition));
    return onlyLiterals ? reads.map((node) => ({ file, node })) : [];
  }
  // A package-level name: read, and for a var possibly written, in any file of the package.
  const files = packageFiles();
  const reads = files.flatMap((f) =>
    identifiersNamed(f.root, site.name)
      .filter((n) => isRead(n) && refersToPackageLevel(f, n))
      .map((node) => ({ file: f, node })),
  );
  if (reads.some((r) => isAddressTaken(r.node))) return [];
  const writes = files.flatMap((f) => {
    const defs: Definition[] = [];
    collectDefinitions(f.root, site.name, defs, true);
    return defs.filter((d) => (enclosingFunction(d.nameNode) === null ? d.kind === 'var' || d.kind === 'const' : d.kind === 'assign' && refersToPackageLevel(f, d.nameNode)));
  });
  return writes.every(isLiteralDefinition) ? reads : [];
}

/** The local `var`/`:=` declaration an assigned name refers to, if it is local. */
function localDeclarationOf(file: GoFile, name: Node): Node | undefined {
  return definitionsOf(file, name).find((d) => d.kind !== 'assign' && enclosingFunction(d.nameNode) !== null)?.nameNode;
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
  if (isStringLiteral(node)) return true;
  const type = node.type === 'composite_literal' ? node.childForFieldName('type') : null;
  if (type?.type !== 'slice_type' && type?.type !== 'array_type') return false;
  return (node.childForFieldName('body')?.namedChildren ?? []).every((e) => e?.type === 'literal_element' && isStringLiteral(e.namedChildren[0]));
}
