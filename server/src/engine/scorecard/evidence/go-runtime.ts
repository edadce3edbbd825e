// Evidence in Go code of how the processes behave: graceful shutdown on SIGTERM (IX), structured logs
// to stdout (XI), sessions kept in an external store (VI), admin tasks as one-off subcommands (XII).
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { definitionsOf, descendants, importedType, importedTypeComposites, stringValue, type GoFile } from '../../languages/go';
import type { Evidence } from '../types';
import { evidence, type EvidenceCollector } from './collector';

const SHUTDOWN_CALLS = new Set(['Shutdown', 'ShutdownWithContext', 'ShutdownWithTimeout', 'GracefulStop']);

export const gracefulShutdown: EvidenceCollector = {
  factor: 'disposability',
  kind: 'graceful-shutdown',
  languages: ['go'],
  collect({ go, path: filePath, workspace }) {
    if (!go) return [];
    const notifies = go.calls.filter(
      (c) => (c.name === 'Notify' || c.name === 'NotifyContext') && go.importOf(c.receiver) === 'os/signal' && c.args.some((a) => /\bSIGTERM\b/.test(a.text)),
    );
    if (notifies.length === 0) return [];
    // The Shutdown may sit in another file of the package (a server type's Stop method).
    const shutdown = workspace.packageOf(go).flatMap((f) => f.calls).find((c) => c.receiver !== '' && SHUTDOWN_CALLS.has(c.name));
    if (!shutdown) return [];
    return notifies.map((n) => evidence(this, filePath, go.range(n.node), `SIGTERM handled with ${n.callee} and the server drained with ${shutdown.callee}`));
  },
};

const STANDARD_STREAMS = /^os\.(Stdout|Stderr)$/;

/** A logger that writes structured records to the standard streams, described; undefined otherwise. */
function structuredLogger(go: GoFile, callee: string, importPath: string | undefined, name: string, firstArg: Node | undefined): string | undefined {
  const toStream = firstArg !== undefined && STANDARD_STREAMS.test(firstArg.text) && go.importOf('os') === 'os';
  if (importPath === 'log/slog' && (name === 'NewJSONHandler' || name === 'NewTextHandler') && toStream) {
    return `${name === 'NewJSONHandler' ? 'JSON' : 'key=value'} logs to ${firstArg!.text} (${callee})`;
  }
  if (importPath === 'go.uber.org/zap' && (name === 'NewProduction' || name === 'NewProductionConfig')) return `JSON logs to stderr (${callee})`;
  if (importPath === 'github.com/rs/zerolog' && name === 'New' && toStream) return `JSON logs to ${firstArg!.text} (${callee})`;
  return undefined;
}

export const structuredLogs: EvidenceCollector = {
  factor: 'logs',
  kind: 'structured-logs',
  languages: ['go'],
  collect({ go, path: filePath }) {
    if (!go) return [];
    const out: Evidence[] = [];
    for (const call of go.calls) {
      const what = structuredLogger(go, call.callee, go.importOf(call.receiver), call.name, call.args[0]);
      if (what) out.push(evidence(this, filePath, go.range(call.node), what));
    }
    for (const composite of importedTypeComposites(go)) {
      const type = importedType(go, composite.childForFieldName('type')!);
      if (type?.importPath === 'github.com/sirupsen/logrus' && type.name === 'JSONFormatter') {
        out.push(evidence(this, filePath, go.range(composite), 'JSON logs to the standard streams (logrus.JSONFormatter)'));
      }
    }
    return out;
  },
};

/** Session stores that keep sessions in a database or cache shared by every process. */
const SESSION_STORES = [
  'github.com/rbcervilla/redisstore', 'github.com/boj/redistore', 'github.com/alexedwards/scs/redisstore', 'github.com/alexedwards/scs/goredisstore',
  'github.com/alexedwards/scs/postgresstore', 'github.com/alexedwards/scs/pgxstore', 'github.com/alexedwards/scs/mysqlstore',
  'github.com/alexedwards/scs/mongodbstore', 'github.com/gin-contrib/sessions/redis', 'github.com/gin-contrib/sessions/postgres',
  'github.com/gin-contrib/sessions/mongo', 'github.com/gofiber/storage/redis', 'github.com/gofiber/storage/postgres', 'github.com/go-session/redis',
  'github.com/antonlindstrom/pgstore', 'github.com/srinathgs/mysqlstore', 'github.com/kidstuff/mongostore',
];

function isSessionStore(importPath: string): boolean {
  const unversioned = importPath.replace(/\/v\d+$/, '');
  return SESSION_STORES.includes(unversioned);
}

export const externalSessionStore: EvidenceCollector = {
  factor: 'processes',
  kind: 'external-session-store',
  languages: ['go'],
  collect({ go, path: filePath }) {
    if (!go) return [];
    return descendants(go.root, 'import_spec').flatMap((spec) => {
      const pathNode = spec.childForFieldName('path');
      const importPath = pathNode ? stringValue(pathNode) : '';
      return isSessionStore(importPath) ? [evidence(this, filePath, go.range(spec), `sessions kept in an external store (${importPath}), so any process can serve any request`)] : [];
    });
  },
};

/** Subcommand names of admin tasks. */
const ADMIN_COMMANDS = new Set(['migrate', 'migration', 'migrations', 'seed', 'backfill', 'rollback', 'createsuperuser']);
/** Where a program reads its subcommand: `os.Args[1]`, `flag.Arg(0)`, `args[0]`. */
const SUBCOMMAND_SOURCE = /\bos\.Args\b|\bflag\.Args?\(|\bargs\[/;
/** CLI frameworks whose command structs name a subcommand (`Use: "migrate"`, `Name: "migrate"`). */
const COMMAND_TYPES: { importPath: RegExp; type: string; field: string }[] = [
  { importPath: /^github\.com\/spf13\/cobra$/, type: 'Command', field: 'Use' },
  { importPath: /^github\.com\/urfave\/cli(\/v\d+)?$/, type: 'Command', field: 'Name' },
];

/** An expression holding the program's first argument: `os.Args[1]`, or a variable given it (`command := os.Args[1]`). */
function isSubcommandSource(go: GoFile, expr: Node): boolean {
  if (SUBCOMMAND_SOURCE.test(expr.text)) return true;
  return expr.type === 'identifier' && definitionsOf(go, expr).some((d) => d.value !== null && SUBCOMMAND_SOURCE.test(d.value.text));
}

/** How a literal names a subcommand: a case of a switch over the arguments, a comparison with one, or a framework's command. */
function namesSubcommand(go: GoFile, literal: Node): boolean {
  const parent = literal.parent;
  if (parent?.type === 'expression_list' && parent.parent?.type === 'expression_case') {
    const value = parent.parent.parent?.childForFieldName('value');
    return !!value && isSubcommandSource(go, value);
  }
  const site = go.siteOf(literal);
  if (site.kind === 'compare') return isSubcommandSource(go, site.other);
  if (site.kind === 'field') {
    const type = importedType(go, site.composite.childForFieldName('type')!);
    return !!type && COMMAND_TYPES.some((c) => c.importPath.test(type.importPath) && c.type === type.name && c.field === site.name);
  }
  return false;
}

export const adminSubcommand: EvidenceCollector = {
  factor: 'admin-processes',
  kind: 'admin-subcommand',
  languages: ['go'],
  collect({ go, path: filePath }) {
    if (!go || go.packageName !== 'main') return [];
    const out: Evidence[] = [];
    // cmd/migrate/main.go: the admin task is a program of its own.
    const folder = path.basename(path.dirname(filePath));
    const clause = go.root.namedChildren.find((n) => n?.type === 'package_clause');
    if (ADMIN_COMMANDS.has(folder) && path.basename(path.dirname(path.dirname(filePath))) === 'cmd' && clause) {
      out.push(evidence(this, filePath, go.range(clause), `admin task as a one-off program (cmd/${folder}) run against a release`));
    }
    for (const { node, value } of go.literals) {
      const command = value.split(/\s/)[0];
      if (ADMIN_COMMANDS.has(command) && namesSubcommand(go, node)) {
        out.push(evidence(this, filePath, go.range(node), `admin task as a one-off subcommand (${command}) of the app's own binary`));
      }
    }
    return out;
  },
};
