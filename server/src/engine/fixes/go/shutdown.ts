// Add graceful shutdown: the statement that serves (and handles the serve error) becomes the seed's
// pattern — an http.Server (or the framework's own server: gin, echo, fiber), served in a goroutine,
// SIGTERM/SIGINT through signal.NotifyContext, then Shutdown with a timeout held in a package-level
// constant (fiber's ShutdownWithTimeout takes it as is). The user's own error handling is kept: a
// fatal one (log.Fatal…) runs in the goroutine; one that returns or goes on runs in the function, the
// serve error reaching it through a channel.
import type { Node } from 'web-tree-sitter';
import { type CallInfo, enclosingFunction, GIN_IMPORT_PATH, nodeRange, type GoFile } from '../../languages/go';
import type { Finding } from '../../types';
import type { FindingFixProvider, Fix, FixContext, TextEdit } from '../types';
import { ensureImports } from './imports';
import { portRead, sameRange } from './port-from-env';
import { freshName, indentOfLine, packageNames, takenNames } from './shutdown-names';

const TITLE = 'Add graceful shutdown (SIGTERM → Shutdown with 30s timeout)';
const HTTP_SERVES = new Set(['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS']);
/** A receiver the fix may name twice (to start and to shut down): `srv`, `s.httpServer`. */
const PLAIN_RECEIVER = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** Error handling that ends the program: it may run in the serving goroutine. */
const FATAL_LAST_LINE = /(\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)\(|\bos\.Exit\(|^\s*panic\()/;

/** How the server of a serve call is started and shut down. `srv` is the name of a server the fix declares. */
interface ServerForm {
  /** Fields of the `http.Server` the fix declares; none when the code has its server already. */
  declare?: { fields: string[]; gin?: boolean; addrFromEnv?: boolean };
  start: (srv: string) => string;
  /** The shutdown call, given the context holding the timeout — or, with `shutdownTakesTimeout`, the timeout itself. */
  shutdown: (srv: string, ctxOrTimeout: string) => string;
  /** fiber's `ShutdownWithTimeout(d)`: no context to make for it. */
  shutdownTakesTimeout?: boolean;
  /** fiber (fasthttp): serving returns nil once shut down, where net/http returns http.ErrServerClosed. */
  servesNilWhenClosed?: boolean;
}

/** The statements that serve and handle the serve error, and that handling. */
interface ServeSite {
  /** First and last statement replaced. */
  first: Node;
  last: Node;
  /** The variable the handling reads the error from. */
  err: string;
  /** Lines of the handling, each with its original indentation; `base` is the indentation they sit at. Absent when the error was ignored. */
  handler?: { lines: string[]; base: string };
  /** `err = …` (assigned, not declared): the handling must read the function's own variable. */
  assigns: boolean;
  /** `return http.ListenAndServe(…)`: the function returns the shutdown's error. */
  returns: boolean;
}

function serverForm(file: GoFile, call: CallInfo): ServerForm | undefined {
  const args = call.args.map((a) => a.text);
  const handler = (h: string | undefined): string[] => (h && h !== 'nil' ? [`Handler: ${h}`] : []);
  const serverStarts = (start: string) => (srv: string) => `${srv}.${start}`;
  const shutdownOf = (srv: string, ctx: string): string => `${srv}.Shutdown(${ctx})`;
  if (file.importOf(call.receiver) === 'net/http') {
    switch (call.name) {
      case 'ListenAndServe':
        return args.length === 2 ? { declare: { fields: [`Addr: ${args[0]}`, ...handler(args[1])] }, start: serverStarts('ListenAndServe()'), shutdown: shutdownOf } : undefined;
      case 'ListenAndServeTLS':
        return args.length === 4 ? { declare: { fields: [`Addr: ${args[0]}`, ...handler(args[3])] }, start: serverStarts(`ListenAndServeTLS(${args[1]}, ${args[2]})`), shutdown: shutdownOf } : undefined;
      case 'Serve':
        return args.length === 2 ? { declare: { fields: handler(args[1]) }, start: serverStarts(`Serve(${args[0]})`), shutdown: shutdownOf } : undefined;
      case 'ServeTLS':
        return args.length === 4 ? { declare: { fields: handler(args[1]) }, start: serverStarts(`ServeTLS(${args[0]}, ${args[2]}, ${args[3]})`), shutdown: shutdownOf } : undefined;
      default:
        return undefined;
    }
  }
  if (!PLAIN_RECEIVER.test(call.receiver) || file.importOf(call.receiver) !== undefined) return undefined;
  const asWritten = (): string => call.node.text;
  const framework = (pattern: RegExp): boolean => file.importsPath((p) => pattern.test(p));
  if (framework(GIN_IMPORT_PATH) && (call.name === 'Run' || call.name === 'RunTLS')) {
    // gin's Run(addr) is http.ListenAndServe(addr, engine); with no address it reads PORT, else ":8080".
    if (call.name === 'Run' && args.length <= 1) {
      return { declare: { fields: args.length ? [`Addr: ${args[0]}`, `Handler: ${call.receiver}`] : [`Handler: ${call.receiver}`], addrFromEnv: args.length === 0 }, start: serverStarts('ListenAndServe()'), shutdown: shutdownOf };
    }
    if (call.name === 'RunTLS' && args.length === 3) return { declare: { fields: [`Addr: ${args[0]}`, `Handler: ${call.receiver}`] }, start: serverStarts(`ListenAndServeTLS(${args[1]}, ${args[2]})`), shutdown: shutdownOf };
    return undefined;
  }
  if (framework(/^github\.com\/labstack\/echo(\/v\d+)?$/) && (call.name === 'Start' || call.name === 'StartTLS')) {
    return { start: asWritten, shutdown: (_srv, ctx) => `${call.receiver}.Shutdown(${ctx})` };
  }
  if (framework(/^github\.com\/gofiber\/fiber(\/v\d+)?$/) && (call.name === 'Listen' || call.name === 'ListenTLS')) {
    // fasthttp's Serve "returns nil" once Shutdown is called; ShutdownWithTimeout is in fiber v2 and v3.
    return { start: asWritten, shutdown: (_srv, timeout) => `${call.receiver}.ShutdownWithTimeout(${timeout})`, shutdownTakesTimeout: true, servesNilWhenClosed: true };
  }
  // A gRPC server also has Serve, and stops with GracefulStop: not this fix's.
  if (HTTP_SERVES.has(call.name) && !framework(/^google\.golang\.org\/grpc$/)) return { start: asWritten, shutdown: (_srv, ctx) => `${call.receiver}.Shutdown(${ctx})` };
  return undefined;
}

/** Lines of a node's text, the first given the indentation of the line it starts on. */
function linesOf(file: GoFile, node: Node, text = node.text): string[] {
  const lines = text.split('\n');
  lines[0] = indentOfLine(file.text, node.startPosition.row) + lines[0];
  return lines;
}

/** The statements of a block, with their indentation, without the braces. */
function blockLines(file: GoFile, block: Node): string[] {
  const inner = file.text.slice(block.startIndex + 1, block.endIndex - 1).split('\n');
  return inner.slice(1, inner.length - 1);
}

/** Whether a statement is `if <mentions err> { … }` with no initializer nor else. */
export function checksError(statement: Node | null, err: string): statement is Node {
  if (statement?.type !== 'if_statement' || statement.childForFieldName('initializer') || statement.childForFieldName('alternative')) return false;
  const condition = statement.childForFieldName('condition');
  return !!condition && new RegExp(`(?<![\\w.])${err}(?!\\w)`).test(condition.text);
}

function serveSite(file: GoFile, call: Node): ServeSite | undefined {
  let node = call;
  // `log.Fatal(http.ListenAndServe(…))`, `log.Fatalf("…: %v", fmt.Errorf(…, srv.ListenAndServe()))`
  while (node.parent?.type === 'argument_list' && node.parent.parent?.type === 'call_expression') node = node.parent.parent;
  const parent = node.parent;
  if (parent?.type === 'expression_statement') {
    const base = indentOfLine(file.text, parent.startPosition.row);
    if (node.id === call.id) return { first: parent, last: parent, err: 'err', assigns: false, returns: false };
    const offset = call.startIndex - parent.startIndex;
    const text = parent.text.slice(0, offset) + 'err' + parent.text.slice(offset + call.endIndex - call.startIndex);
    return { first: parent, last: parent, err: 'err', handler: { lines: linesOf(file, parent, text), base }, assigns: false, returns: false };
  }
  if (node.id !== call.id || parent?.type !== 'expression_list' || parent.namedChildren.length !== 1) return undefined;
  const holder = parent.parent;
  if (holder?.type === 'return_statement') {
    const base = indentOfLine(file.text, holder.startPosition.row);
    return { first: holder, last: holder, err: 'err', handler: { lines: [`${base}return err`], base }, assigns: false, returns: true };
  }
  if ((holder?.type !== 'short_var_declaration' && holder?.type !== 'assignment_statement') || holder.childForFieldName('right')?.id !== parent.id) return undefined;
  const left = holder.childForFieldName('left')?.namedChildren ?? [];
  const err = left.length === 1 && left[0]?.type === 'identifier' ? left[0].text : undefined;
  if (!err || err === '_') return undefined;
  const assigns = holder.type === 'assignment_statement';
  if (assigns && holder.childForFieldName('operator')?.text !== '=') return undefined;
  // `if err := http.ListenAndServe(…); err != nil { … }`
  const ifStatement = holder.parent;
  if (ifStatement?.type === 'if_statement' && ifStatement.childForFieldName('initializer')?.id === holder.id) {
    if (ifStatement.childForFieldName('alternative')) return undefined;
    const block = ifStatement.childForFieldName('consequence');
    const base = indentOfLine(file.text, ifStatement.startPosition.row) + '\t';
    return block ? { first: ifStatement, last: ifStatement, err, handler: { lines: blockLines(file, block), base }, assigns, returns: false } : undefined;
  }
  // `err := http.ListenAndServe(…)` then `if err != nil { … }`
  const next = holder.nextNamedSibling;
  if (holder.parent?.type !== 'statement_list' || !checksError(next, err)) return undefined;
  const block = next.childForFieldName('consequence');
  const base = indentOfLine(file.text, next.startPosition.row) + '\t';
  return block ? { first: holder, last: next, err, handler: { lines: blockLines(file, block), base }, assigns, returns: false } : undefined;
}

/** Where the rewrite can go: a statement of a function body, not in a loop nor in a goroutine the code starts. */
function rewritable(statement: Node): boolean {
  if (statement.parent?.type !== 'statement_list') return false;
  const fn = enclosingFunction(statement);
  if (!fn) return false;
  for (let n: Node | null = statement.parent; n && n.id !== fn.id; n = n.parent) if (n.type === 'for_statement' || n.type === 'select_statement') return false;
  const started = fn.type === 'func_literal' ? fn.parent?.parent : null; // go func() { … }()
  return started?.type !== 'go_statement' && started?.type !== 'defer_statement';
}

export const gracefulShutdownFix: FindingFixProvider = {
  ruleIds: ['disposability/no-graceful-shutdown'],
  fixesFor(finding: Finding, ctx: FixContext): Fix[] {
    const file = ctx.go;
    const call = file?.calls.find((c) => sameRange(nodeRange(c.node), finding.range));
    const form = file && call && serverForm(file, call);
    if (!file || !call || !form) return [];
    const site = serveSite(file, call.node);
    if (!site || !rewritable(site.first)) return [];
    // An ignored serve error is logged and ends the program, as log.Fatal(http.ListenAndServe(…)) would.
    const handlerLines = site.handler?.lines;
    const fatal = !site.assigns && !site.returns && (!handlerLines || (FATAL_LAST_LINE.test(handlerLines[handlerLines.length - 1] ?? '') && !handlerLines.some((l) => /\breturn\b/.test(l))));

    const packageFiles = ctx.workspace.packageOf(file);
    const taken = takenNames(file, packageFiles, enclosingFunction(site.first) as Node);
    const names = {
      srv: form.declare ? freshName(taken, ['srv', 'server', 'httpServer']) : '',
      ctx: freshName(taken, ['ctx', 'signalCtx']),
      stop: freshName(taken, ['stop', 'stopSignals']),
      serveErr: fatal ? '' : freshName(taken, ['serveErr']),
      shutdownCtx: freshName(taken, ['shutdownCtx']),
      cancel: freshName(taken, ['cancel', 'cancelShutdown']),
      timeout: freshName(packageNames(file, packageFiles), ['shutdownTimeout', 'gracefulShutdownTimeout']),
    };
    const closedError = !form.servesNilWhenClosed;
    const wanted = ['context', 'os/signal', 'syscall', 'time', ...(form.declare || closedError ? ['net/http'] : []), ...(fatal && closedError ? ['errors'] : []), ...(site.handler ? [] : ['log'])];
    const imports = form.declare?.addrFromEnv ? portRead(ctx, file, '8080', wanted) : { ...ensureImports(file, wanted), expression: '' };
    const q = (p: string): string => imports.qualifiers.get(p) as string;
    const fields = form.declare?.addrFromEnv ? [`Addr: ":" + ${imports.expression}`, ...form.declare.fields] : form.declare?.fields ?? [];

    const I = indentOfLine(file.text, site.first.startPosition.row);
    const out: string[] = [];
    const line = (depth: number, text: string): void => void out.push(text ? I + '\t'.repeat(depth) + text : '');
    const handling = site.handler ?? { lines: [`${I}${q('log')}.Fatal(err)`], base: I };
    const handler = (depth: number): void => {
      const to = I + '\t'.repeat(depth);
      for (const l of handling.lines) out.push(l.trim() === '' ? '' : l.startsWith(handling.base) ? to + l.slice(handling.base.length) : l);
    };
    const { err } = site;
    const start = form.start(names.srv);
    if (form.declare) line(0, `${names.srv} := &${q('net/http')}.Server{${fields.join(', ')}}`);
    line(0, `${names.ctx}, ${names.stop} := ${q('os/signal')}.NotifyContext(${q('context')}.Background(), ${q('syscall')}.SIGTERM, ${q('syscall')}.SIGINT)`);
    line(0, `defer ${names.stop}()`);
    if (fatal) {
      line(0, 'go func() {');
      const closed = closedError ? ` && !${q('errors')}.Is(${err}, ${q('net/http')}.ErrServerClosed)` : '';
      line(1, `if ${err} := ${start}; ${err} != nil${closed} {`);
      handler(2);
      line(1, '}');
      line(0, '}()');
      line(0, `<-${names.ctx}.Done()`);
    } else {
      line(0, `${names.serveErr} := make(chan error, 1)`);
      line(0, 'go func() {');
      line(1, `${names.serveErr} <- ${start}`);
      line(0, '}()');
      line(0, 'select {');
      line(0, `case ${err} ${site.assigns ? '=' : ':='} <-${names.serveErr}:`);
      handler(1);
      line(0, `case <-${names.ctx}.Done():`);
      line(0, '}');
    }
    line(0, '');
    if (!form.shutdownTakesTimeout) {
      line(0, `${names.shutdownCtx}, ${names.cancel} := ${q('context')}.WithTimeout(${q('context')}.Background(), ${names.timeout})`);
      line(0, `defer ${names.cancel}()`);
    }
    const shutdown = form.shutdown(names.srv, form.shutdownTakesTimeout ? names.timeout : names.shutdownCtx);
    if (site.returns) line(0, `return ${shutdown}`);
    else {
      line(0, `if ${err} := ${shutdown}; ${err} != nil {`);
      handler(1);
      line(0, '}');
    }
    const body = out.join('\n').slice(I.length);

    const lastImport = file.root.namedChildren.filter((n): n is Node => n?.type === 'import_declaration').pop();
    if (!lastImport) return [];
    const afterImports = nodeRange(lastImport).end;
    const edits: TextEdit[] = [
      ...imports.edits,
      {
        range: { start: afterImports, end: afterImports },
        newText: `\n\n// ${names.timeout} bounds how long in-flight requests get to finish once SIGTERM arrives.\nconst ${names.timeout} = 30 * ${q('time')}.Second`,
      },
      { range: { start: nodeRange(site.first).start, end: nodeRange(site.last).end }, newText: body },
    ];
    return [{ title: TITLE, kind: 'quickfix', ruleId: finding.ruleId, isPreferred: true, changes: [{ kind: 'edit', path: ctx.path, edits }] }];
  },
};
