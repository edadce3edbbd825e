// Which hardcoded listener may read PORT. A program serves PORT once: the platform routes its traffic
// there, and a second server switched to it fails to bind ("address already in use"). Decided within
// the literal's package, from the code:
// - a package that reads PORT already (itself, or through a config loader it uses) has its service
//   listener; every hardcoded one left belongs to another server;
// - a lone hardcoded listener is the service's;
// - among several, side channels drop out: a listener named for one (metrics, pprof, debug, admin,
//   health… in its function or the statement around it), or bound to loopback (the platform's router
//   cannot reach it); when more than one is left, so do those served by a goroutine started beside
//   the main flow (`go serveGRPC()`, `go func() { … }()`). Exactly one left is the service's.
// Otherwise the code does not say which is which, and none is offered PORT (extracting still is).
import type { Node } from 'web-tree-sitter';
import { descendants, enclosingDeclaredFunction, functionName, stringValue, type GoFile } from '../../languages/go';
import { hardcodedListenAddresses } from '../../rules/port-binding/hardcoded-port';
import { listenPort } from '../../util/literals';
import type { GoWorkspace } from '../../workspace';

const SIDE_CHANNEL = /metric|pprof|debug|admin|health|probe|diag|monitor|prom|telemetry|profil|expvar|mgmt|management/i;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;
const PORT_READ = /\b(Getenv|LookupEnv)\(\s*"PORT"\s*\)/;

interface Listener {
  file: GoFile;
  literal: Node;
}

/**
 * Whether the listen address `literal` of `file` is the service's, the one to read PORT.
 * `configFile`: the file of the config loader the code there uses, if any.
 */
export function isServiceListener(workspace: GoWorkspace, file: GoFile, literal: Node, configFile: GoFile | undefined): boolean {
  const packageFiles = workspace.packageOf(file);
  if ([...packageFiles, ...(configFile ? [configFile] : [])].some((f) => PORT_READ.test(f.text))) return false;
  const listeners = packageFiles.flatMap((f) => hardcodedListenAddresses(f, workspace).map(({ node }): Listener => ({ file: f, literal: node })));
  const named = listeners.length > 1 ? listeners.filter((l) => !namedSideChannel(l)) : listeners;
  const service = named.length > 1 ? named.filter((l) => !inGoroutine(l, packageFiles)) : named;
  return service.length === 1 && service[0].file.path === file.path && service[0].literal.startIndex === literal.startIndex;
}

function namedSideChannel({ literal }: Listener): boolean {
  const value = stringValue(literal);
  const host = value.slice(0, value.length - (listenPort(value)?.length ?? 0)).replace(/:$/, '');
  if (LOOPBACK_HOST.test(host)) return true;
  const fn = enclosingDeclaredFunction(literal);
  const names = descendants(statementOf(literal), ['identifier', 'field_identifier', 'type_identifier']).map((n) => n.text);
  return [fn ? functionName(fn) : '', ...names].some((name) => SIDE_CHANNEL.test(name));
}

/** The statement (or package-level spec) the literal is written in. */
function statementOf(literal: Node): Node {
  let node = literal;
  while (node.parent && node.type !== 'const_spec' && node.type !== 'var_spec' && node.parent.type !== 'statement_list' && node.parent.type !== 'source_file') node = node.parent;
  return node;
}

/** Served in `go func() { … }()`, or in a function the package starts with `go f(…)` / `go s.f(…)`. */
function inGoroutine({ literal }: Listener, packageFiles: readonly GoFile[]): boolean {
  for (let n = literal.parent; n; n = n.parent) if (n.type === 'go_statement') return true;
  const fn = enclosingDeclaredFunction(literal);
  const started = fn && new RegExp(`\\bgo\\s+([\\w.]+\\.)?${functionName(fn)}\\(`);
  return !!started && packageFiles.some((f) => started.test(f.text));
}
