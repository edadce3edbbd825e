// A server bound to a port written in the code: the platform cannot tell it where to listen (PORT).
// Reported on the literal, when it reaches the call or struct that starts the server directly or
// through one variable or constant that only ever holds literals.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { callInfo, definitionsOf, importedType, literalSite, readsOfLiteralValue, type GoFile } from '../../languages/go';
import { isPlaceholder, listenPort } from '../../util/literals';

/** Package functions taking a listen address, by import path, with the address argument's index. */
const LISTEN_FUNCTIONS: { importPath: RegExp; functions: string[]; argument: number }[] = [
  { importPath: /^net\/http$/, functions: ['ListenAndServe', 'ListenAndServeTLS'], argument: 0 },
  { importPath: /^net$/, functions: ['Listen', 'ListenPacket'], argument: 1 },
  { importPath: /^crypto\/tls$/, functions: ['Listen'], argument: 1 },
  { importPath: /^github\.com\/valyala\/fasthttp$/, functions: ['ListenAndServe', 'ListenAndServeTLS'], argument: 0 },
];

/** Web frameworks whose app value starts listening itself: `r.Run(":8080")`, `e.Start(":1323")`, `app.Listen(":3000")`. */
const FRAMEWORKS: { importPath: RegExp; constructors: string[]; starts: string[] }[] = [
  { importPath: /^github\.com\/gin-gonic\/gin$/, constructors: ['Default', 'New'], starts: ['Run', 'RunTLS'] },
  { importPath: /^github\.com\/labstack\/echo(\/v\d+)?$/, constructors: ['New'], starts: ['Start', 'StartTLS', 'StartAutoTLS'] },
  { importPath: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, constructors: ['New'], starts: ['Listen', 'ListenTLS'] },
];

const rule: Rule = {
  meta: {
    id: 'port-binding/hardcoded-port',
    factor: 'port-binding',
    severity: 'warning',
    languages: ['go'],
    summary: 'The server listens on a hardcoded port',
    literal: true,
  },
  check({ go, path: filePath, workspace }) {
    if (!go) return [];
    let packageFiles: GoFile[] | undefined;
    // The editor's text of this file wins over whatever the workspace reads for it.
    const filesOfPackage = (): GoFile[] =>
      (packageFiles ??= [go, ...workspace.packageFiles(path.dirname(filePath)).filter((f) => f.path !== go.path)]);
    const out: FindingDraft[] = [];
    for (const { node, value } of go.literals) {
      const port = isPlaceholder(value) ? undefined : listenPort(value);
      if (!port) continue;
      if (!readsOfLiteralValue(go, node, filesOfPackage).some((read) => startsServerWith(read.file, read.node))) continue;
      out.push({
        range: go.range(node),
        literalOffset: node.startIndex,
        message: `server listens on hardcoded port ${port}; read it from the environment (PORT)`,
        data: { envVar: 'PORT', port },
      });
    }
    return out;
  },
};

/** The value at `node` is the listen address of a server being started or configured. */
function startsServerWith(file: GoFile, node: Node): boolean {
  const site = literalSite(node);
  if (site.kind === 'field') {
    const type = site.composite.childForFieldName('type');
    const imported = type && importedType(file, type);
    return site.name === 'Addr' && imported?.importPath === 'net/http' && imported.name === 'Server';
  }
  if (site.kind !== 'argument') return false;
  const fn = site.call.childForFieldName('function');
  const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
  if (!operand) return false;
  const { name } = callInfo(site.call);
  const importPath = operand.type === 'identifier' ? file.importOf(operand.text) : undefined;
  if (importPath !== undefined) {
    return LISTEN_FUNCTIONS.some((f) => f.importPath.test(importPath) && f.functions.includes(name) && f.argument === site.index);
  }
  // gin's Run takes its addresses variadically; the others take the address first.
  if (site.index !== 0 && name !== 'Run') return false;
  return frameworkStarts(file, operand, name);
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
