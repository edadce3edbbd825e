// A server bound to a port written in the code: the platform cannot tell it where to listen (PORT).
// Reported on the literal, when it reaches the call or struct that starts the server directly or
// through one variable or constant that only ever holds literals.
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { callInfo, definitionsOf, GIN_IMPORT_PATH, importedType, importedTypeComposites, keyedValues, literalsReaching, type GoFile } from '../../languages/go';
import { isPlaceholder, listenPort } from '../../util/literals';
import type { GoWorkspace } from '../../workspace';
import { names } from '../hint-patterns';

/** Package functions taking a listen address, by import path, with the address argument's index. */
const LISTEN_FUNCTIONS: { importPath: RegExp; functions: string[]; argument: number }[] = [
  { importPath: /^net\/http$/, functions: ['ListenAndServe', 'ListenAndServeTLS'], argument: 0 },
  { importPath: /^net$/, functions: ['Listen', 'ListenPacket'], argument: 1 },
  { importPath: /^crypto\/tls$/, functions: ['Listen'], argument: 1 },
  { importPath: /^github\.com\/valyala\/fasthttp$/, functions: ['ListenAndServe', 'ListenAndServeTLS'], argument: 0 },
];

/** Web frameworks whose app value starts listening itself: `r.Run(":8080")`, `e.Start(":1323")`, `app.Listen(":3000")`. */
const FRAMEWORKS: { importPath: RegExp; constructors: string[]; starts: string[] }[] = [
  { importPath: GIN_IMPORT_PATH, constructors: ['Default', 'New'], starts: ['Run', 'RunTLS'] },
  { importPath: /^github\.com\/labstack\/echo(\/v\d+)?$/, constructors: ['New'], starts: ['Start', 'StartTLS', 'StartAutoTLS'] },
  { importPath: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, constructors: ['New'], starts: ['Listen', 'ListenTLS'] },
];

const LISTEN_CALL_NAMES = new Set([...LISTEN_FUNCTIONS.flatMap((f) => f.functions), ...FRAMEWORKS.flatMap((f) => f.starts)]);
/** Every file holding a listen address sink contains one of these: a listen call or a server's `Addr` field. */
const SERVER_START_WORDS = [...LISTEN_CALL_NAMES, 'Addr'];

const rule: Rule = {
  meta: {
    id: 'port-binding/hardcoded-port',
    factor: 'port-binding',
    severity: 'warning',
    languages: ['go'],
    summary: 'The server listens on a hardcoded port',
    literal: true,
    // A literal port (`listenPort`), and a server started or configured in the package.
    textHint: [
      {
        file: /["`]\s*(?:[a-z0-9.-]*|\[[0-9a-f:]*\]):\d{1,5}\s*["`]|["`]\s*\d{2,5}\s*["`]/i,
        package: new RegExp(names(SERVER_START_WORDS)),
      },
    ],
  },
  check({ go, workspace }) {
    if (!go) return [];
    return hardcodedListenAddresses(go, workspace).map(
      ({ node, port }): FindingDraft => ({
        range: go.range(node),
        literalOffset: node.startIndex,
        message: `server listens on hardcoded port ${port}; read it from the environment (PORT)`,
        data: { envVar: 'PORT', port },
      }),
    );
  },
};

/** The literals of `go` that give a server its port. */
export function hardcodedListenAddresses(go: GoFile, workspace: GoWorkspace): { node: Node; port: string }[] {
  // The editor's text of this file wins over whatever the workspace reads for it.
  const reached = literalsReaching(go, workspace.packageLookup(go), listenAddressesIn, SERVER_START_WORDS);
  return go.literals.flatMap(({ node, value }) => {
    const port = reached.has(node.startIndex) && !isPlaceholder(value) ? listenPort(value) : undefined;
    return port ? [{ node, port }] : [];
  });
}

/** The listen addresses of the servers a file starts or configures. */
function listenAddressesIn(file: GoFile): { value: Node; sink: true }[] {
  const out: { value: Node; sink: true }[] = [];
  for (const call of file.calls) {
    if (!LISTEN_CALL_NAMES.has(call.name)) continue;
    const fn = call.node.childForFieldName('function');
    const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
    if (!operand) continue;
    const importPath = operand.type === 'identifier' ? file.importOf(operand.text) : undefined;
    if (importPath !== undefined) {
      const listen = LISTEN_FUNCTIONS.find((f) => f.importPath.test(importPath) && f.functions.includes(call.name));
      const address = listen && call.args[listen.argument];
      if (address) for (const part of addressParts(file, address)) out.push({ value: part, sink: true });
    } else if (frameworkStarts(file, operand, call.name)) {
      // gin's Run takes its addresses variadically; the others take the address first.
      for (const address of call.name === 'Run' ? call.args : call.args.slice(0, 1)) for (const part of addressParts(file, address)) out.push({ value: part, sink: true });
    }
  }
  for (const composite of importedTypeComposites(file)) {
    const type = importedType(file, composite.childForFieldName('type')!);
    if (type?.importPath !== 'net/http' || type.name !== 'Server') continue;
    for (const { key, value } of keyedValues(composite)) if (key === 'Addr') for (const part of addressParts(file, value)) out.push({ value: part, sink: true });
  }
  return out;
}

/** What an address is put together from: `":" + port`, `fmt.Sprintf(":%s", webPort)`, `net.JoinHostPort(host, port)`. */
function addressParts(file: GoFile, value: Node): Node[] {
  if (value.type === 'parenthesized_expression' && value.namedChildren[0]) return addressParts(file, value.namedChildren[0]);
  if (value.type === 'binary_expression' && value.childForFieldName('operator')?.text === '+') {
    return [value.childForFieldName('left'), value.childForFieldName('right')].flatMap((side) => (side ? addressParts(file, side) : []));
  }
  if (value.type === 'call_expression') {
    const call = callInfo(value);
    const importPath = file.importOf(call.receiver);
    if ((importPath === 'fmt' && call.name === 'Sprintf') || (importPath === 'net' && call.name === 'JoinHostPort')) return call.args.flatMap((arg) => addressParts(file, arg));
  }
  return [value];
}

/**
 * A framework start method called on an app: the receiver comes from the framework's constructor
 * (`r := gin.Default()`), or, where its origin is not visible (a field, a parameter), the file
 * imports the framework. A receiver built by another package's constructor is something else.
 */
function frameworkStarts(file: GoFile, receiver: Node, method: string): boolean {
  const candidates = FRAMEWORKS.filter((f) => f.starts.includes(method) && file.importsPath((p) => f.importPath.test(p)));
  if (candidates.length === 0) return false;
  if (receiver.type !== 'identifier') return true;
  const origins = definitionsOf(file, receiver).flatMap((d) => (d.value ? importedCall(file, d.value) ?? [] : []));
  if (origins.length === 0) return true;
  return origins.some((o) => candidates.some((f) => f.importPath.test(o.importPath) && f.constructors.includes(o.name)));
}

/** `pkg.F(…)` with `pkg` an import: { importPath, name: 'F' }. */
function importedCall(file: GoFile, value: Node): { importPath: string; name: string } | undefined {
  if (value.type !== 'call_expression') return undefined;
  const fn = value.childForFieldName('function');
  const qualifier = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
  const importPath = qualifier?.type === 'identifier' ? file.importOf(qualifier.text) : undefined;
  const name = fn?.childForFieldName('field')?.text;
  return importPath && name ? { importPath, name } : undefined;
}

export default rule;
