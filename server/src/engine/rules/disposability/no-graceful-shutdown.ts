// A server started by a program that never listens for SIGTERM nor shuts a server down: on every
// deploy or scale-in its in-flight requests are cut off. "The program" spans packages: the package of
// the call, the module-local packages it imports, and the `main` packages that import it.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { baseType, definitionsOf, importedType, type GoFile } from '../../languages/go';
import type { GoWorkspace } from '../../workspace';

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
  { importPath: /^github\.com\/gin-gonic\/gin$/, type: 'Engine', constructors: ['Default', 'New'], starts: ['Run', 'RunTLS'] },
  { importPath: /^github\.com\/labstack\/echo(\/v\d+)?$/, type: 'Echo', constructors: ['New'], starts: ['Start', 'StartTLS', 'StartAutoTLS'] },
  { importPath: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, type: 'App', constructors: ['New'], starts: ['Listen', 'ListenTLS'] },
  { importPath: /^google\.golang\.org\/grpc$/, type: 'Server', constructors: ['NewServer'], starts: ['Serve'] },
];

/** `http.ListenAndServe(addr, h)` and friends start a server of their own. */
const HTTP_SERVE_FUNCTIONS = new Set(['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS']);

const SHUTDOWN_CALLS = new Set(['Shutdown', 'ShutdownWithContext', 'ShutdownWithTimeout', 'GracefulStop']);
/** Helpers that call signal.Notify for the program (Kubernetes' controller-runtime and sample-controller). */
const SIGNAL_HELPERS = new Set(['SetupSignalHandler', 'SetupSignalContext']);
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
  },
  check({ go, path: filePath, workspace }) {
    if (!go) return [];
    const dir = path.dirname(filePath);
    let packageFiles: GoFile[] | undefined;
    const filesOfPackage = (): GoFile[] => (packageFiles ??= workspace.packageOf(go));

    const starts = go.calls.filter((call) => startsServer(go, call.node, filesOfPackage));
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
  if (!operand) return false;
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
      if (fn?.type !== 'selector_expression') return undefined;
      const importPath = file.importOf(fn.childForFieldName('operand')?.text ?? '');
      const constructor = fn.childForFieldName('field')?.text ?? '';
      return importPath ? SERVER_TYPES.find((s) => s.importPath.test(importPath) && s.constructors.includes(constructor)) : undefined;
    }
    case 'identifier': {
      const definitions = definitionsOf(file, value);
      const declared = definitions.length > 0 ? definitions.map((d) => ({ file, nameNode: d.nameNode, value: d.value })) : packageLevelVars(packageFiles(), value.text);
      for (const d of declared) {
        const holder = d.nameNode.parent;
        const type = holder && (holder.type === 'parameter_declaration' || holder.type === 'var_spec') ? holder.childForFieldName('type') : null;
        const server = type ? serverTypeOfType(d.file, type, packageFiles, method) : d.value ? serverTypeOfValue(d.file, d.value, packageFiles, method, depth + 1) : undefined;
        if (server) return server;
      }
      return undefined;
    }
    case 'selector_expression': {
      const field = value.childForFieldName('field')?.text ?? '';
      for (const f of packageFiles()) {
        for (const decl of f.root.descendantsOfType('field_declaration')) {
          const type = decl?.childForFieldName('type');
          if (!type || !decl?.childrenForFieldName('name').some((n) => n?.text === field)) continue;
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

function serverTypeOfType(file: GoFile, type: Node, packageFiles: () => GoFile[], method: string): ServerType | undefined {
  const imported = importedType(file, type);
  if (imported) return SERVER_TYPES.find((s) => s.importPath.test(imported.importPath) && s.type === imported.name);
  const local = baseType(type);
  if (local.type !== 'type_identifier') return undefined;
  // `type Server struct { *http.Server }`: the embedded server's methods, unless the type has its own.
  if (declaresMethod(packageFiles(), local.text, method)) return undefined;
  for (const f of packageFiles()) {
    for (const spec of f.root.descendantsOfType('type_spec')) {
      if (spec?.childForFieldName('name')?.text !== local.text) continue;
      const struct = spec.childForFieldName('type');
      if (struct?.type !== 'struct_type') continue;
      for (const field of struct.descendantsOfType('field_declaration')) {
        const embedded = field?.childForFieldName('type');
        if (!embedded || field!.childrenForFieldName('name').length > 0) continue;
        const imported = importedType(f, embedded);
        const server = imported && SERVER_TYPES.find((s) => s.importPath.test(imported.importPath) && s.type === imported.name);
        if (server) return server;
      }
    }
  }
  return undefined;
}

function declaresMethod(files: GoFile[], typeName: string, method: string): boolean {
  return files.some((f) =>
    f.root.namedChildren.some((decl) => {
      if (decl?.type !== 'method_declaration' || decl.childForFieldName('name')?.text !== method) return false;
      const receiverType = decl.childForFieldName('receiver')?.namedChildren[0]?.childForFieldName('type');
      return !!receiverType && baseType(receiverType).text === typeName;
    }),
  );
}

/** Package-level `var name = …` / `var name T` in any file of the package. */
function packageLevelVars(files: GoFile[], name: string): { file: GoFile; nameNode: Node; value: Node | null }[] {
  const out: { file: GoFile; nameNode: Node; value: Node | null }[] = [];
  for (const file of files) {
    for (const decl of file.root.namedChildren) {
      if (decl?.type !== 'var_declaration') continue;
      for (const spec of decl.descendantsOfType('var_spec')) {
        const names = spec?.childrenForFieldName('name') ?? [];
        const values = spec?.childForFieldName('value')?.namedChildren ?? [];
        names.forEach((n, i) => {
          if (n?.text === name) out.push({ file, nameNode: n, value: values.length === names.length ? values[i] ?? null : null });
        });
      }
    }
  }
  return out;
}

const handlesShutdownCache = new WeakMap<GoFile, boolean>();

/** The file listens for signals, shuts a server down, or runs through a graceful-restart library. */
function handlesShutdown(file: GoFile): boolean {
  let handles = handlesShutdownCache.get(file);
  if (handles === undefined) {
    handles =
      file.importsPath((p) => GRACEFUL_LIBRARIES.some((lib) => p === lib || p.startsWith(lib + '/'))) ||
      file.calls.some(
        (call) =>
          (call.receiver !== '' && SHUTDOWN_CALLS.has(call.name)) ||
          SIGNAL_HELPERS.has(call.name) ||
          ((call.name === 'Notify' || call.name === 'NotifyContext') && file.importOf(call.receiver) === 'os/signal'),
      );
    handlesShutdownCache.set(file, handles);
  }
  return handles;
}

/**
 * Whether the rest of the program handles shutdown: the module-local packages this one imports and,
 * for a non-main package, the packages of the module that import it (directly or not), with
 * everything the `main` packages among them import.
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
  const importsByDir = new Map<string, string[]>();
  const importsOf = (d: string): string[] => {
    let imports = importsByDir.get(d);
    if (!imports) importsByDir.set(d, (imports = workspace.importedPackageDirs(filesOf(d), module)));
    return imports;
  };
  const closure = (start: string, next: (d: string) => string[]): Set<string> => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const d of next(queue.pop()!)) {
        if (!seen.has(d)) {
          seen.add(d);
          queue.push(d);
        }
      }
    }
    return seen;
  };
  const handledIn = (dirs: Iterable<string>): boolean => [...dirs].some((d) => d !== dir && filesOf(d).some(handlesShutdown));

  if (handledIn(closure(dir, importsOf))) return true;
  if (packageName === 'main') return false;
  const dirs = workspace.packageDirs(module);
  const importers = closure(dir, (d) => dirs.filter((other) => importsOf(other).includes(d)));
  if (handledIn(importers)) return true;
  return [...importers].some((d) => d !== dir && filesOf(d).some((f) => f.packageName === 'main') && handledIn(closure(d, importsOf)));
}

export default rule;
