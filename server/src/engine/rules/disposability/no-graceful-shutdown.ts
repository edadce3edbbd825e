// A server started by a program that never listens for SIGTERM nor shuts a server down: on every
// deploy or scale-in its in-flight requests are cut off. "The program" spans packages: the package of
// the call, the module-local packages it imports, and the packages that import it (with everything
// the `main` packages among them import).
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { baseType, type CallInfo, definitionsOf, descendants, GIN_IMPORT_PATH, type GoFile, importedType } from '../../languages/go';
import type { GoModule, GoWorkspace } from '../../workspace';
import { closure } from '../go-programs';
import { names, quotedImport } from '../hint-patterns';

interface ServerType {
  importPath: RegExp;
  /** The server's type in that package. */
  type: string;
  /** Package functions returning a new server. */
  constructors: string[];
  /** Methods that start serving. */
  starts: string[];
}

const SERVER_TYPES: ServerType[] = [
  { importPath: /^net\/http$/, type: 'Server', constructors: [], starts: ['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'] },
  { importPath: GIN_IMPORT_PATH, type: 'Engine', constructors: ['Default', 'New'], starts: ['Run', 'RunTLS'] },
  { importPath: /^github\.com\/labstack\/echo(\/v\d+)?$/, type: 'Echo', constructors: ['New'], starts: ['Start', 'StartTLS', 'StartAutoTLS'] },
  { importPath: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, type: 'App', constructors: ['New'], starts: ['Listen', 'ListenTLS'] },
  { importPath: /^google\.golang\.org\/grpc$/, type: 'Server', constructors: ['NewServer'], starts: ['Serve'] },
];

/** `http.ListenAndServe(addr, h)` and friends start a server of their own. */
const HTTP_SERVE_FUNCTIONS = new Set(['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS']);
const START_METHODS = new Set([...HTTP_SERVE_FUNCTIONS, ...SERVER_TYPES.flatMap((s) => s.starts)]);

const SHUTDOWN_CALLS = new Set(['Shutdown', 'ShutdownWithContext', 'ShutdownWithTimeout', 'GracefulStop']);
/** Helpers that call signal.Notify for the program (Kubernetes' controller-runtime and sample-controller). */
const SIGNAL_HELPERS = new Set(['SetupSignalHandler', 'SetupSignalContext']);
/** A library's or the app's own graceful-shutdown helper: `routing.GracefulShutdown(hs, 10*time.Second, logf)`. */
const GRACEFUL_HELPER = /graceful/i;
const GRACEFUL_LIBRARIES = [
  'github.com/fvbock/endless',
  'github.com/cloudflare/tableflip',
  'gopkg.in/tylerb/graceful',
  'github.com/tylerb/graceful',
  'go.uber.org/fx',
  'github.com/oklog/run',
  'github.com/facebookgo/grace',
];

const MESSAGE = 'server starts without SIGTERM handling; shut it down gracefully (signal.NotifyContext + srv.Shutdown with a timeout)';

const rule: Rule = {
  meta: {
    id: 'disposability/no-graceful-shutdown',
    factor: 'disposability',
    severity: 'warning',
    languages: ['go'],
    summary: 'The server does not shut down gracefully on SIGTERM',
    // A start method called, and a server type's package imported in the package.
    textHint: [{ file: new RegExp(names(START_METHODS)), package: new RegExp(quotedImport(...SERVER_TYPES.map((s) => s.importPath))) }],
  },
  check({ go, path: filePath, workspace }) {
    if (!go) return [];
    const dir = path.dirname(filePath);
    let packageFiles: GoFile[] | undefined;
    const filesOfPackage = (): GoFile[] => (packageFiles ??= workspace.packageOf(go));

    const starts = go.calls.filter((call) => START_METHODS.has(call.name) && startsServer(go, call.node, filesOfPackage));
    if (starts.length === 0) return [];
    if (filesOfPackage().some(handlesShutdown)) return [];
    if (programHandlesShutdown(workspace, dir, go.packageName, filesOfPackage())) return [];
    return starts.map((call): FindingDraft => ({ range: go.range(call.node), message: MESSAGE }));
  },
};

function startsServer(file: GoFile, call: Node, packageFiles: () => GoFile[]): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return false;
  const operand = fn.childForFieldName('operand');
  const method = fn.childForFieldName('field')?.text ?? '';
  if (!operand || !START_METHODS.has(method)) return false;
  if (operand.type === 'identifier' && file.importOf(operand.text) !== undefined) {
    return file.importOf(operand.text) === 'net/http' && HTTP_SERVE_FUNCTIONS.has(method);
  }
  const server = serverTypeOfValue(file, operand, packageFiles, method, 0);
  return !!server?.starts.includes(method);
}

/**
 * The server type a receiver expression holds, from its constructor, composite literal, declared
 * type, or struct field type. `method` is the method called on it: a local type embedding a server
 * only counts when it does not declare that method itself.
 */
function serverTypeOfValue(file: GoFile, expr: Node, packageFiles: () => GoFile[], method: string, depth: number): ServerType | undefined {
  if (depth > 4) return undefined;
  let value = expr;
  while ((value.type === 'parenthesized_expression' || (value.type === 'unary_expression' && value.child(0)?.text === '&')) && value.namedChildren[0]) {
    value = value.type === 'unary_expression' ? value.childForFieldName('operand') ?? value.namedChildren[0] : value.namedChildren[0];
  }
  switch (value.type) {
    case 'composite_literal': {
      const type = value.childForFieldName('type');
      return type ? serverTypeOfType(file, type, packageFiles, method) : undefined;
    }
    case 'call_expression': {
      const fn = value.childForFieldName('function');
      if (fn?.type === 'identifier') {
        // `srv := newServer(cfg)` with `func newServer(…) *http.Server`
        for (const f of packageFiles()) {
          const result = declarationsOf(f).results.get(fn.text);
          const server = result && serverTypeOfType(f, result, packageFiles, method);
          if (server) return server;
        }
        return undefined;
      }
      if (fn?.type !== 'selector_expression') return undefined;
      const importPath = file.importOf(fn.childForFieldName('operand')?.text ?? '');
      const constructor = fn.childForFieldName('field')?.text ?? '';
      return importPath ? SERVER_TYPES.find((s) => s.importPath.test(importPath) && s.constructors.includes(constructor)) : undefined;
    }
    case 'identifier': {
      const definitions = definitionsOf(file, value);
      const declared =
        definitions.length > 0
          ? definitions.map((d) => ({ file, nameNode: d.nameNode, value: d.value }))
          : packageFiles().flatMap((f) => (declarationsOf(f).vars.get(value.text) ?? []).map((v) => ({ file: f, ...v })));
      for (const d of declared) {
        const holder = d.nameNode.parent;
        const type = holder && (holder.type === 'parameter_declaration' || holder.type === 'var_spec') ? holder.childForFieldName('type') : null;
        const assigned = d.value ?? firstOfCall(d.nameNode);
        const server = type ? serverTypeOfType(d.file, type, packageFiles, method) : assigned ? serverTypeOfValue(d.file, assigned, packageFiles, method, depth + 1) : undefined;
        if (server) return server;
      }
      return undefined;
    }
    case 'selector_expression': {
      const field = value.childForFieldName('field')?.text ?? '';
      for (const f of packageFiles()) {
        for (const type of declarationsOf(f).fields.get(field) ?? []) {
          const server = serverTypeOfType(f, type, packageFiles, method);
          if (server) return server;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The call in `srv, err := newServer()` when `name` is its first result. */
function firstOfCall(name: Node): Node | null {
  const list = name.parent;
  const holder = list?.parent;
  if (list?.type !== 'expression_list' || list.namedChildren[0]?.id !== name.id) return null;
  if (holder?.type !== 'short_var_declaration' && holder?.type !== 'assignment_statement') return null;
  const right = holder.childForFieldName('right')?.namedChildren ?? [];
  return right.length === 1 && right[0]?.type === 'call_expression' ? right[0] : null;
}

function serverTypeOfType(file: GoFile, type: Node, packageFiles: () => GoFile[], method: string): ServerType | undefined {
  const imported = importedType(file, type);
  if (imported) return SERVER_TYPES.find((s) => s.importPath.test(imported.importPath) && s.type === imported.name);
  const local = baseType(type);
  if (local.type !== 'type_identifier') return undefined;
  // `type Server struct { *http.Server }`: the embedded server's methods, unless the type has its own.
  if (packageFiles().some((f) => declarationsOf(f).methods.has(`${local.text}.${method}`))) return undefined;
  for (const f of packageFiles()) {
    for (const embedded of declarationsOf(f).embedded.get(local.text) ?? []) {
      const imported = importedType(f, embedded);
      const server = imported && SERVER_TYPES.find((s) => s.importPath.test(imported.importPath) && s.type === imported.name);
      if (server) return server;
    }
  }
  return undefined;
}

/** A file's package-level declarations the receiver resolution looks up, indexed once per parse. */
interface Declarations {
  /** Struct field name → its declared types. */
  fields: Map<string, Node[]>;
  /** Struct type name → types of its embedded fields. */
  embedded: Map<string, Node[]>;
  /** `Type.Method` of every method declared. */
  methods: Set<string>;
  /** Package-level variable name → its name node and value. */
  vars: Map<string, { nameNode: Node; value: Node | null }[]>;
  /** Function name → the type of its (first) result. */
  results: Map<string, Node>;
}

const declarationsCache = new WeakMap<GoFile, Declarations>();

function declarationsOf(file: GoFile): Declarations {
  let declarations = declarationsCache.get(file);
  if (declarations) return declarations;
  const found: Declarations = { fields: new Map(), embedded: new Map(), methods: new Set(), vars: new Map(), results: new Map() };
  const add = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    map.set(key, [...(map.get(key) ?? []), value]);
  };
  for (const decl of file.root.namedChildren) {
    if (decl?.type === 'type_declaration') {
      for (const spec of decl.namedChildren) {
        const typeName = spec?.type === 'type_spec' ? spec.childForFieldName('name')?.text : undefined;
        const struct = spec?.childForFieldName('type');
        if (!typeName || struct?.type !== 'struct_type') continue;
        for (const field of descendants(struct, 'field_declaration')) {
          const type = field?.childForFieldName('type');
          if (!field || !type) continue;
          const names = field.childrenForFieldName('name');
          if (names.length === 0 && field.parent?.parent?.id === struct.id) add(found.embedded, typeName, type);
          for (const name of names) if (name) add(found.fields, name.text, type);
        }
      }
    } else if (decl?.type === 'function_declaration') {
      let result = decl.childForFieldName('result');
      if (result?.type === 'parameter_list') result = result.namedChildren[0]?.childForFieldName('type') ?? null;
      const name = decl.childForFieldName('name')?.text;
      if (name && result) found.results.set(name, result);
    } else if (decl?.type === 'method_declaration') {
      const receiverType = decl.childForFieldName('receiver')?.namedChildren[0]?.childForFieldName('type');
      if (receiverType) found.methods.add(`${baseType(receiverType).text}.${decl.childForFieldName('name')?.text}`);
    } else if (decl?.type === 'var_declaration') {
      for (const spec of descendants(decl, 'var_spec')) {
        const names = spec?.childrenForFieldName('name') ?? [];
        const values = spec?.childForFieldName('value')?.namedChildren ?? [];
        names.forEach((n, i) => {
          if (n) add(found.vars, n.text, { nameNode: n, value: values.length === names.length ? values[i] ?? null : null });
        });
      }
    }
  }
  declarationsCache.set(file, found);
  return found;
}

const handlesShutdownCache = new WeakMap<GoFile, boolean>();

/** Signals other than SIGTERM: a program listening only for these is stopped by SIGTERM mid-request. */
const NOT_TERM = /^(os\.(Interrupt|Kill)|(syscall|unix)\.(SIGINT|SIGKILL|SIGHUP|SIGQUIT|SIGUSR1|SIGUSR2|SIGPIPE|SIGCHLD|SIGWINCH|SIGALRM))$/;

/** `signal.Notify(c)` listens for every signal; `signal.Notify(c, os.Interrupt, os.Kill)` not for SIGTERM. */
function listensForTerm(call: CallInfo): boolean {
  const signals = call.args.slice(1);
  return signals.length === 0 || !signals.every((s) => NOT_TERM.test(s.text.replace(/\s+/g, '')));
}

/** Telemetry and clients shut down too: `tp.Shutdown(ctx)`, `initTracing(…).Shutdown(ctx)` stop no server. */
const NOT_A_SERVER = /trac|meter|provider|exporter|telemetry|otel|^[tml]p$|logger|sentry|profiler|client|producer|consumer/i;

function shutsDownAServer(receiver: string): boolean {
  if (receiver === '' || receiver.includes('(')) return false;
  return !NOT_A_SERVER.test(receiver.split('.').pop() ?? '');
}

/** The file listens for signals, shuts a server down, or runs through a graceful-restart library. */
function handlesShutdown(file: GoFile): boolean {
  let handles = handlesShutdownCache.get(file);
  if (handles === undefined) {
    handles =
      file.importsPath((p) => GRACEFUL_LIBRARIES.some((lib) => p === lib || p.startsWith(lib + '/'))) ||
      file.calls.some(
        (call) =>
          (SHUTDOWN_CALLS.has(call.name) && shutsDownAServer(call.receiver)) ||
          SIGNAL_HELPERS.has(call.name) ||
          (GRACEFUL_HELPER.test(call.name) && call.args.length > 0) ||
          ((call.name === 'Notify' || call.name === 'NotifyContext') && file.importOf(call.receiver) === 'os/signal' && listensForTerm(call)),
      );
    handlesShutdownCache.set(file, handles);
  }
  return handles;
}

/**
 * Whether the rest of the program handles shutdown: the module-local packages this one imports and,
 * for a non-main package, the packages of the module that import it (directly or not), with
 * everything the `main` packages among them import. A non-main package no `main` of its module
 * builds (a helper for tests or for other modules) is left alone, unless the module has no `main`
 * at all: then it is a library whose server nobody shuts down.
 */
function programHandlesShutdown(workspace: GoWorkspace, dir: string, packageName: string, packageFiles: GoFile[]): boolean {
  const module = workspace.moduleOf(dir);
  if (!module) return false;
  const filesByDir = new Map<string, GoFile[]>([[dir, packageFiles]]);
  const filesOf = (d: string): GoFile[] => {
    let files = filesByDir.get(d);
    if (!files) filesByDir.set(d, (files = workspace.packageFiles(d)));
    return files;
  };
  const handledIn = (dirs: Iterable<string>): boolean => [...dirs].some((d) => d !== dir && filesOf(d).some(handlesShutdown));
  const importsOf = (d: string): string[] => workspace.importedPackageDirs(filesOf(d), module);

  if (handledIn(closure(dir, importsOf))) return true;
  if (packageName === 'main') return false;
  const survey = surveyModule(workspace, module);
  const importers = closure(dir, (d) => [...survey].filter(([, pkg]) => pkg.imports.has(d)).map(([other]) => other));
  const mains = [...importers].filter((d) => survey.get(d)?.main);
  if (mains.length === 0) return [...survey.values()].some((pkg) => pkg.main) || handledIn(importers);
  return handledIn(importers) || mains.some((main) => handledIn(closure(main, importsOf)));
}

const MAIN_CLAUSE = /^package\s+main\b/m;
const BUILD_IGNORE = /^\/\/(go:build|\s*\+build)\s+ignore\b/m;

/**
 * Every package of the module: whether it is a `main` and the module-local packages it imports, read
 * off the files' text without parsing them (a whole module is too much to parse on a keystroke). A
 * module path quoted anywhere counts as an import, which only errs toward a larger program.
 */
function surveyModule(workspace: GoWorkspace, module: GoModule): Map<string, { main: boolean; imports: Set<string> }> {
  const quotedPath = new RegExp(`"(${module.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/[^"\\s]*)?)"`, 'g');
  const survey = new Map<string, { main: boolean; imports: Set<string> }>();
  for (const dir of workspace.packageDirs(module)) {
    const pkg = { main: false, imports: new Set<string>() };
    for (const name of workspace.listDir(dir) ?? []) {
      if (!name.endsWith('.go') || name.endsWith('_test.go')) continue;
      const text = workspace.readFile(path.join(dir, name));
      if (text === undefined || BUILD_IGNORE.test(text)) continue;
      if (MAIN_CLAUSE.test(text)) pkg.main = true;
      for (const m of text.matchAll(quotedPath)) {
        const imported = workspace.dirOfImport(module, m[1]);
        if (imported && imported !== dir) pkg.imports.add(imported);
      }
    }
    survey.set(dir, pkg);
  }
  return survey;
}

export default rule;
