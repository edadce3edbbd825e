// The Go side of concurrency/daemonizes: a program that writes a PID file or detaches itself from the
// process manager. Reported on the construct: the file write (`os.WriteFile("app.pid", …)`), the PID
// file option (`PidFile: "/var/run/app.pid"`, a `-pidfile` flag's default) when no write in the file
// already uses it, the go-daemon `daemon.Context{…}` (or its `Reborn()` call), godaemon's
// `MakeDaemon`, and a re-exec of the program itself in a new session (`Setsid`), the double-fork idiom.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { argumentKey, callInfo, definitionsOf, enclosingFunction, pathPattern, type CallInfo, type GoFile } from '../../languages/go';
import { splitWords } from '../../util/literals';

const PID_PATH = /\.pid$/i;
/** Text holding anything reported here (a `.pid` path, a PidFile option, a daemon library, Setsid): a cheap test before walking the file. */
export const DAEMON_HINT = /\.pid|idFile|idfile|id_file|daemon|Setsid/;
const GO_DAEMON = /^github\.com\/sevlyar\/go-daemon$/;
const GODAEMON = /^github\.com\/VividCortex\/godaemon$/;
const PIDFILE_LIBRARY = /^github\.com\/facebookgo\/pidfile$/;

const PID_MESSAGE = (label: string): string =>
  `writes a PID file (${label}), which only a daemon needs; the process manager tracks the process, so drop the PID file and run in the foreground`;
const DAEMON_MESSAGE = (how: string): string => `the program daemonizes itself (${how}); run it in the foreground and let the process manager supervise and restart it`;

/** `os.WriteFile`, `os.Create`, `os.OpenFile`, `ioutil.WriteFile` of a `.pid` path; facebookgo/pidfile's `Write`. */
function pidFileWrites(go: GoFile): { call: CallInfo; label: string }[] {
  const out: { call: CallInfo; label: string }[] = [];
  for (const call of go.calls) {
    const importPath = go.importOf(call.receiver);
    if (importPath && PIDFILE_LIBRARY.test(importPath) && call.name === 'Write') {
      out.push({ call, label: 'pidfile.Write' });
      continue;
    }
    const writes = (importPath === 'os' && ['WriteFile', 'Create', 'OpenFile'].includes(call.name)) || (importPath === 'io/ioutil' && call.name === 'WriteFile');
    if (!writes || !call.args[0]) continue;
    const pattern = pathPattern(go, call.args[0]);
    if (PID_PATH.test(pattern)) out.push({ call, label: pattern.split('/').pop() ?? pattern });
  }
  return out;
}

/** `.pid` literals given to a PID-file option: a field, variable or flag named for it. */
function pidFileOptions(go: GoFile, writes: { call: CallInfo }[]): { node: Node; value: string }[] {
  const writtenPaths = writes.map((w) => w.call.args[0]?.text ?? '');
  return go.literals.flatMap(({ node, value }) => {
    if (!PID_PATH.test(value) || writes.some((w) => w.call.node.startIndex <= node.startIndex && node.endIndex <= w.call.node.endIndex)) return [];
    const site = go.siteOf(node);
    const name = site.kind === 'field' || site.kind === 'assign' ? site.name : site.kind === 'argument' ? argumentKey(site.call, site.index) ?? '' : '';
    if (!splitWords(name).includes('pid') && !/pid_?file/i.test(name)) return [];
    // The variable a write already uses is reported on the write.
    if (site.kind === 'assign' && writtenPaths.some((p) => new RegExp(`\\b${site.name}\\b`).test(p))) return [];
    if (site.kind === 'field' && isGoDaemonContext(go, site.composite)) return [];
    return [{ node, value }];
  });
}

function isGoDaemonContext(go: GoFile, composite: Node): boolean {
  const type = composite.childForFieldName('type');
  if (type?.type !== 'qualified_type' || type.childForFieldName('name')?.text !== 'Context') return false;
  const importPath = go.importOf(type.childForFieldName('package')?.text ?? '');
  return !!importPath && GO_DAEMON.test(importPath);
}

/** go-daemon contexts (or their `Reborn()` when built elsewhere), godaemon's `MakeDaemon`. */
function daemonLibraries(go: GoFile): { node: Node; how: string }[] {
  const out: { node: Node; how: string }[] = [];
  if (go.importsPath((p) => GO_DAEMON.test(p))) {
    const contexts = go.root.descendantsOfType('composite_literal').filter((c): c is Node => !!c && isGoDaemonContext(go, c));
    for (const c of contexts) out.push({ node: c, how: 'go-daemon' });
    if (contexts.length === 0) for (const call of go.calls) if (call.name === 'Reborn' && call.receiver !== '') out.push({ node: call.node, how: 'go-daemon' });
  }
  for (const call of go.calls) {
    const importPath = go.importOf(call.receiver);
    if (importPath && GODAEMON.test(importPath) && call.name === 'MakeDaemon') out.push({ node: call.node, how: 'godaemon' });
  }
  return out;
}

/** `exec.Command(os.Args[0], …)` or `syscall.ForkExec(self, …)` in a function that starts a new session: the double fork. */
function detachedReexecs(go: GoFile): Node[] {
  const out: Node[] = [];
  for (const call of go.calls) {
    const importPath = go.importOf(call.receiver);
    const programArg =
      (importPath === 'os/exec' && call.name === 'Command') || (importPath === 'syscall' && call.name === 'ForkExec') || (importPath === 'os' && call.name === 'StartProcess')
        ? call.args[0]
        : importPath === 'os/exec' && call.name === 'CommandContext'
          ? call.args[1]
          : undefined;
    const fn = programArg && enclosingFunction(call.node);
    if (!programArg || !fn || !isOwnExecutable(go, programArg) || !startsSession(fn)) continue;
    out.push(call.node);
  }
  return out;
}

/** `os.Args[0]`, or a variable holding it or `os.Executable()`. */
function isOwnExecutable(go: GoFile, expr: Node): boolean {
  if (expr.text.replace(/\s+/g, '') === 'os.Args[0]') return true;
  if (expr.type !== 'identifier') return false;
  return definitionsOf(go, expr).some((d) => {
    // `self, err := os.Executable()` pairs no value with the name: the single call gives it.
    const holder = d.nameNode.parent?.parent;
    const value = d.value ?? (holder?.type === 'short_var_declaration' || holder?.type === 'assignment_statement' ? holder.childForFieldName('right')?.namedChildren[0] : null);
    return !!value && (value.text.replace(/\s+/g, '') === 'os.Args[0]' || (value.type === 'call_expression' && callInfo(value).callee === 'os.Executable'));
  });
}

function startsSession(fn: Node): boolean {
  return fn.descendantsOfType('keyed_element').some((e) => {
    const [key, value] = e?.namedChildren ?? [];
    return key?.text === 'Setsid' && value?.text === 'true';
  });
}

export function goDaemonFindings({ go }: RuleContext): FindingDraft[] {
  if (!go || !DAEMON_HINT.test(go.text)) return [];
  const writes = pidFileWrites(go);
  return [
    ...writes.map(({ call, label }): FindingDraft => ({ range: go.range(call.node), message: PID_MESSAGE(label), data: { how: 'pid-file' } })),
    ...pidFileOptions(go, writes).map(({ node, value }): FindingDraft => ({ range: go.range(node), message: PID_MESSAGE(value.split('/').pop() ?? value), data: { how: 'pid-file' } })),
    ...daemonLibraries(go).map(({ node, how }): FindingDraft => ({ range: go.range(node), message: DAEMON_MESSAGE(how), data: { how: 'self-daemonize' } })),
    ...detachedReexecs(go).map((node): FindingDraft => ({ range: go.range(node), message: DAEMON_MESSAGE('re-executed in a new session'), data: { how: 'self-daemonize' } })),
  ];
}
