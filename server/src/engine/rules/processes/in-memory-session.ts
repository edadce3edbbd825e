// Package-level maps, slices and sync.Maps that request handlers write to: the next request may land
// on another process (or on this one after a restart) and find nothing. Reported on the variable's
// declaration, weighing writes anywhere in the package, through the functions handlers call.
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { baseType, callInfo, descendants, editedDeclarationFact, enclosingFunction, GIN_IMPORT_PATH, type GoFile, identifiersNamed, type PackageFiles, importedType, isStringLiteral, ROUTE_METHODS, stringValue, subtreeFact, valueParent } from '../../languages/go';
import { splitWords } from '../../util/literals';
import { anyOf, quotedImport, routeCall } from '../hint-patterns';

type StateKind = 'map' | 'slice' | 'sync-map' | 'cache-library';

interface PackageState {
  nameNode: Node;
  kind: StateKind;
}

const CACHE_LIBRARIES = [
  'github.com/hashicorp/golang-lru',
  'github.com/dgraph-io/ristretto',
  'github.com/patrickmn/go-cache',
  'github.com/allegro/bigcache',
  'github.com/coocood/freecache',
  'github.com/jellydator/ttlcache',
  'github.com/karlseguin/ccache',
  'github.com/bluele/gcache',
];

const SYNC_MAP_WRITES = new Set(['Store', 'LoadOrStore', 'LoadAndDelete', 'Delete', 'Swap', 'CompareAndSwap', 'CompareAndDelete', 'Clear']);
const CACHE_WRITES = new Set(['Add', 'Set', 'SetWithTTL', 'SetDefault', 'Put', 'ContainsOrAdd', 'PeekOrAdd', 'Replace']);

/** Per-request parameter types of web frameworks: import path pattern → type name. */
const REQUEST_CONTEXTS: { importPath: RegExp; name: string }[] = [
  { importPath: GIN_IMPORT_PATH, name: 'Context' },
  { importPath: /^github\.com\/labstack\/echo(\/v\d+)?$/, name: 'Context' },
  { importPath: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, name: 'Ctx' },
  { importPath: /^github\.com\/valyala\/fasthttp$/, name: 'RequestCtx' },
  { importPath: /^golang\.org\/x\/net\/websocket$/, name: 'Conn' },
];

/**
 * A file holding a request handler or a route registration: a `ResponseWriter` parameter, a web
 * framework's import, or a route path argument. `HANDLER_WORDS` is the cheap pre-filter, before parsing.
 */
const HANDLER_TEXT = /ResponseWriter|\(\s*"(?:[A-Z]+ )?\/|gin-gonic\/gin|labstack\/echo|gofiber\/fiber|valyala\/fasthttp|x\/net\/websocket/;
const HANDLER_WORDS = ['ResponseWriter', '"/', '" /', 'gin-gonic', 'labstack', 'gofiber', 'fasthttp', 'websocket'];

const rule: Rule = {
  meta: {
    id: 'processes/in-memory-session',
    factor: 'processes',
    severity: 'warning',
    languages: ['go'],
    summary: 'Request state is kept in process memory',
    // A package-level variable, in a package with a request handler (`isRequestHandler`).
    textHint: [
      {
        file: /\bvar\b/,
        package: new RegExp(
          anyOf(
            'ResponseWriter',
            quotedImport(...REQUEST_CONTEXTS.map((c) => c.importPath)),
            routeCall([ROUTE_METHODS], 0),
          ),
        ),
      },
    ],
  },
  check({ go, workspace }) {
    if (!go) return [];
    const filesOfPackage = workspace.packageLookup(go);
    const state = packageState(go, filesOfPackage);
    if (state.size === 0) return [];
    // Without a request handler anywhere in the package no write can come from a request.
    if (!filesOfPackage(HANDLER_WORDS).some((f) => HANDLER_TEXT.test(f.text))) return [];
    // Writes can only be in files that name the state; the call graph needs every file, built only on a write.
    const files = filesOfPackage([...state.keys()]);
    let fromRequest: ((file: GoFile, node: Node) => boolean) | undefined;
    const flagged = new Set<string>();
    for (const file of files) {
      for (const [name, { kind }] of state) {
        if (flagged.has(name)) continue;
        for (const write of writesTo(file, name)) {
          if (!isWriteFor(kind, write.method) || declaredLocally(write.node, name)) continue;
          if ((fromRequest ??= requestReach(filesOfPackage()))(file, write.node)) {
            flagged.add(name);
            break;
          }
        }
      }
    }
    return [...flagged].map((name): FindingDraft => {
      const { nameNode, kind } = state.get(name)!;
      const words = splitWords(name);
      if (kind === 'cache-library' || words.some((w) => /^(cache[ds]?|caching|memo|memos|memoize[ds]?|memoization|lru)$/.test(w))) {
        return {
          range: go.range(nameNode),
          severity: 'information',
          message: `cache kept in process memory (${name}) is filled from requests; a pure memo is fine, but state that must survive a restart or be seen by other processes belongs in a backing service such as Redis`,
        };
      }
      const sessions = words.includes('session') || words.includes('sessions');
      return {
        range: go.range(nameNode),
        message: sessions
          ? `sessions are kept in process memory (${name}); store them in a backing service such as Redis so any process can serve the next request`
          : `request state is kept in process memory (${name}); store it in a backing service such as Redis so any process can serve the next request`,
      };
    });
  },
};

/** Package-level map, slice, sync.Map and cache-library variables declared in the file, by name. */
function packageState(file: GoFile, packageFiles: PackageFiles): Map<string, PackageState> {
  const out = new Map<string, PackageState>();
  for (const decl of file.root.namedChildren) {
    if (decl?.type !== 'var_declaration') continue;
    for (const spec of descendants(decl, 'var_spec')) {
      if (!spec) continue;
      const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
      const type = spec.childForFieldName('type');
      const values = spec.childForFieldName('value')?.namedChildren ?? [];
      names.forEach((nameNode, i) => {
        if (nameNode.text === '_') return;
        // `var c, _ = lru.New(128)`: one call gives every name its value; the first is the cache.
        const value = values.length === names.length ? values[i] : values.length === 1 && i === 0 ? values[0] : null;
        const kind = type ? kindOfType(file, type, packageFiles) : value ? kindOfValue(file, value, packageFiles) : undefined;
        if (kind) out.set(nameNode.text, { nameNode, kind });
      });
    }
  }
  return out;
}

function kindOfType(file: GoFile, type: Node, packageFiles: PackageFiles): StateKind | undefined {
  const base = baseType(type);
  if (base.type === 'map_type') return 'map';
  if (base.type === 'slice_type') return 'slice';
  const imported = importedType(file, base);
  if (imported) {
    if (imported.importPath === 'sync' && imported.name === 'Map') return 'sync-map';
    return isCacheLibrary(imported.importPath) ? 'cache-library' : undefined;
  }
  if (base.type !== 'type_identifier') return undefined;
  // `type SessionStore map[string]Session`: only a file spelling out such a declaration can hold it.
  const name = base.text;
  for (const f of packageFiles([`${name} map[`, `${name} []`, `${name} = map[`, `${name} = []`])) {
    const kind = collectionTypesOf(f).get(base.text);
    if (kind) return kind;
  }
  return undefined;
}

const collectionTypesCache = new WeakMap<GoFile, Map<string, 'map' | 'slice'>>();

/** The file's package-level types that are maps or slices, by name; indexed once per parse. */
function collectionTypesOf(file: GoFile): Map<string, 'map' | 'slice'> {
  let types = collectionTypesCache.get(file);
  if (!types) {
    types = new Map();
    for (const decl of file.root.namedChildren) {
      if (decl?.type !== 'type_declaration') continue;
      for (const spec of decl.namedChildren) {
        const name = spec?.type === 'type_spec' ? spec.childForFieldName('name')?.text : undefined;
        const underlying = spec?.childForFieldName('type')?.type;
        if (name && (underlying === 'map_type' || underlying === 'slice_type')) types.set(name, underlying === 'map_type' ? 'map' : 'slice');
      }
    }
    collectionTypesCache.set(file, types);
  }
  return types;
}

function kindOfValue(file: GoFile, value: Node, packageFiles: PackageFiles): StateKind | undefined {
  let v = value;
  while ((v.type === 'parenthesized_expression' || (v.type === 'unary_expression' && v.child(0)?.text === '&')) && v.namedChildren[0]) {
    v = v.namedChildren[0];
  }
  if (v.type === 'composite_literal') {
    const type = v.childForFieldName('type');
    return type ? kindOfType(file, type, packageFiles) : undefined;
  }
  if (v.type === 'type_conversion_expression') {
    // `lru.New[string, Product](1024)` parses as a conversion to a generic type.
    const constructor = importedType(file, v.childForFieldName('type') ?? v);
    return constructor && isCacheLibrary(constructor.importPath) && /^New/.test(constructor.name) ? 'cache-library' : undefined;
  }
  if (v.type !== 'call_expression') return undefined;
  const call = callInfo(v);
  const typeArg = v.childForFieldName('arguments')?.namedChildren[0];
  if ((call.callee === 'make' || call.callee === 'new') && typeArg) return kindOfType(file, typeArg, packageFiles);
  const importPath = file.importOf(call.receiver);
  return importPath && isCacheLibrary(importPath) && /^New/.test(call.name) ? 'cache-library' : undefined;
}

function isCacheLibrary(importPath: string): boolean {
  return CACHE_LIBRARIES.some((lib) => importPath === lib || importPath.startsWith(lib + '/'));
}

interface Write {
  name: string;
  node: Node;
  /** The method called on the variable (`Store` in `tokens.Store(k, v)`); none for assignments, `delete`, `clear`. */
  method?: string;
}

interface FunctionFacts {
  fn: Node;
  handler: boolean;
  /** `func:name` / `method:name` of a declared function, the call-graph node others reach it by. */
  declaredAs?: string;
  /** `func:name` / `method:name` of what it calls within the package. */
  calls: string[];
}

interface FileFacts {
  functions: FunctionFacts[];
}

/** Facts of a file that do not depend on the file being analysed, computed once per parse. */
const factsCache = new WeakMap<GoFile, FileFacts>();

function factsOf(file: GoFile): FileFacts {
  let facts = factsCache.get(file);
  if (!facts) {
    facts = { functions: functionsIn(file) };
    factsCache.set(file, facts);
  }
  return facts;
}

/**
 * Writes to `name` inside functions: assignment to it or an element of it (`sessions[id] = s`,
 * `carts[id].Items[i] = …`, `users = append(users, u)`, `hits[path]++`), `delete`/`clear`, and write
 * methods called on it (`tokens.Store(k, v)`). Found from the name's occurrences, not by walking every
 * statement: a keystroke re-runs this on the file being edited.
 */
function writesTo(file: GoFile, name: string): Write[] {
  if (!file.text.includes(name)) return [];
  const out: Write[] = [];
  for (const ident of identifiersNamed(file.root, name)) {
    if (!enclosingFunction(ident)) continue;
    let target: Node = ident;
    let indexed = false;
    let parent = ident.parent;
    while (parent && (parent.type === 'parenthesized_expression' || ((parent.type === 'index_expression' || parent.type === 'selector_expression') && parent.childForFieldName('operand')?.id === target.id))) {
      if (parent.type === 'index_expression') indexed = true;
      target = parent;
      parent = target.parent;
    }
    const holder = parent?.parent;
    if (parent?.type === 'expression_list' && holder?.type === 'assignment_statement' && holder.childForFieldName('left')?.id === parent.id) {
      if (target.id === ident.id || indexed) out.push({ name, node: target });
    } else if ((parent?.type === 'inc_statement' || parent?.type === 'dec_statement') && indexed) {
      out.push({ name, node: parent });
    } else if (ident.parent?.type === 'argument_list' && ident.parent.parent?.type === 'call_expression') {
      const call = callInfo(ident.parent.parent);
      if ((call.callee === 'delete' || call.callee === 'clear') && call.args[0]?.id === ident.id) out.push({ name, node: call.node });
    } else if (target.id !== ident.id && ident.parent?.type === 'selector_expression' && ident.parent.parent?.type === 'call_expression') {
      const call = callInfo(ident.parent.parent);
      if (call.node.childForFieldName('function')?.id === ident.parent.id && (SYNC_MAP_WRITES.has(call.name) || CACHE_WRITES.has(call.name))) {
        out.push({ name, node: call.node, method: call.name });
      }
    }
  }
  return out;
}

/** What a function calls: a plain name (`func`), or a field of an operand (`method`), read off its own subtree. */
interface Callee {
  func?: string;
  operand?: string;
  field?: string;
}

const calleesOf = subtreeFact((fn: Node): Callee[] =>
  descendants(fn, 'call_expression').flatMap((call): Callee[] => {
    const callee = call?.childForFieldName('function');
    if (callee?.type === 'identifier') return [{ func: callee.text }];
    if (callee?.type !== 'selector_expression') return [];
    const operand = callee.childForFieldName('operand');
    return [{ operand: operand?.type === 'identifier' ? operand.text : undefined, field: callee.childForFieldName('field')?.text }];
  }),
);

function functionsIn(file: GoFile): FunctionFacts[] {
  return descendants(file.root, ['function_declaration', 'method_declaration', 'func_literal']).map((fn) => functionFacts(file, fn));
}

/** Read off the function, its place in its declaration (a route callback) and the file's imports: kept across edits that leave them be. */
const functionFacts = editedDeclarationFact((file, fn): FunctionFacts => {
  const name = fn.type === 'func_literal' ? '' : fn.childForFieldName('name')?.text ?? '';
  const calls = new Set<string>();
  for (const { func, operand, field } of calleesOf(fn)) {
    if (func !== undefined) calls.add(`func:${func}`);
    // A call into another package (`json.Marshal`) cannot reach this package's functions.
    else if (!(operand !== undefined && file.importOf(operand) !== undefined)) calls.add(`method:${field}`);
  }
  // main and init run before serving; nothing a handler calls is named so.
  const declaredAs = name && name !== 'main' && name !== 'init' ? `${fn.type === 'method_declaration' ? 'method' : 'func'}:${name}` : undefined;
  return { fn, handler: isRequestHandler(file, fn), declaredAs, calls: [...calls] };
});

function isWriteFor(kind: StateKind, method: string | undefined): boolean {
  if (method === undefined) return true;
  return kind === 'sync-map' ? SYNC_MAP_WRITES.has(method) : kind === 'cache-library' && CACHE_WRITES.has(method);
}

/** A local variable or parameter of that name anywhere in the outermost enclosing function shadows the package variable. */
function declaredLocally(node: Node, name: string): boolean {
  let outermost: Node | null = null;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) outermost = fn;
  if (!outermost) return false;
  for (const decl of descendants(outermost, ['short_var_declaration', 'var_spec', 'const_spec', 'parameter_declaration', 'variadic_parameter_declaration', 'range_clause'])) {
    if (!decl) continue;
    const names =
      decl.type === 'short_var_declaration' || decl.type === 'range_clause'
        ? decl.childForFieldName('left')?.namedChildren ?? []
        : decl.childrenForFieldName('name');
    if (names.some((n) => n?.type === 'identifier' && n.text === name)) return true;
  }
  return false;
}

/**
 * Which functions of the package run on a request: handlers (by their parameters or by being passed
 * to a route registration), and every function or method they call, by name, transitively.
 */
function requestReach(files: GoFile[]): (file: GoFile, node: Node) => boolean {
  let reachedFrom: ((file: GoFile, node: Node) => boolean) | undefined;
  // Most writes sit in a handler itself: the call graph is only built for the others.
  return (file, node) => {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) if (functionFacts(file, fn).handler) return true;
    return (reachedFrom ??= callGraphReach(files))(file, node);
  };
}

/** Every function a handler reaches through the package's call graph. */
function callGraphReach(files: GoFile[]): (file: GoFile, node: Node) => boolean {
  const declared = new Map<string, { file: GoFile; facts: FunctionFacts }[]>();
  const queue: { file: GoFile; facts: FunctionFacts }[] = [];
  for (const file of files) {
    for (const facts of factsOf(file).functions) {
      if (facts.declaredAs) declared.set(facts.declaredAs, [...(declared.get(facts.declaredAs) ?? []), { file, facts }]);
      if (facts.handler) queue.push({ file, facts });
    }
  }
  const reached = new Set<string>();
  while (queue.length > 0) {
    const { file, facts } = queue.pop()!;
    const key = functionKey(file, facts.fn);
    if (reached.has(key)) continue;
    reached.add(key);
    for (const target of facts.calls) queue.push(...(declared.get(target) ?? []));
  }
  return (file, node) => {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) if (reached.has(functionKey(file, fn))) return true;
    return false;
  };
}

function functionKey(file: GoFile, fn: Node): string {
  return `${file.path}:${fn.startIndex}`;
}

function isRequestHandler(file: GoFile, fn: Node): boolean {
  const types = (fn.childForFieldName('parameters')?.namedChildren ?? []).flatMap((p) => {
    const type = p?.childForFieldName('type');
    const imported = type ? importedType(file, type) : undefined;
    return imported ? [imported] : [];
  });
  const net = (name: string): boolean => types.some((t) => t.importPath === 'net/http' && t.name === name);
  if (net('ResponseWriter') && net('Request')) return true;
  if (types.some((t) => REQUEST_CONTEXTS.some((c) => c.importPath.test(t.importPath) && c.name === t.name))) return true;
  return fn.type === 'func_literal' && isRouteCallback(fn);
}

/** `r.GET("/cart", func(…) { … })`, `mux.HandleFunc("/login", func(…) { … })`. */
function isRouteCallback(fn: Node): boolean {
  const { node, parent } = valueParent(fn);
  const call = parent?.type === 'argument_list' ? parent.parent : null;
  if (call?.type !== 'call_expression') return false;
  const info = callInfo(call);
  const route = info.args[0];
  return ROUTE_METHODS.has(info.name) && route?.id !== node.id && isStringLiteral(route) && /^(\/|[A-Z]+ \/)/.test(stringValue(route));
}

export default rule;
