// HTTP routes that run admin tasks — migrations, seeding, database resets, backfills, reindexing — in
// the web process: anyone who can reach the route can run them, concurrently on every replica, with no
// record of the run. Reported on the route registration, when its path (with the prefixes of the route
// groups it is registered in) names the task as a whole path segment: an ambiguous verb behind neutral
// prefixes only (`/admin/migrate`, `/api/v1/seed`, `/admin/migrations/run`; not `/repos/migrate`, a
// user feature of a resource, nor `/api/seeds`), an unambiguous one anywhere (`/db/reset`,
// `/products/reindex`, `/tasks/backfill-orders`); or when its handler (a func literal, or a function or
// method of the package, one call deep) runs migrations.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { PackageView } from '../../workspace';
import {
  ROUTE_METHODS,
  callInfo,
  convertedValue,
  definitionsOf,
  enclosingFunction,
  functionName,
  isStringLiteral,
  stringValue,
  valueParent,
  type CallInfo,
  type GoFile,
} from '../../languages/go';
import { splitWords } from '../../util/literals';
import { MIGRATION_HINT, mentionsMigrations, migrationCall } from '../migration-calls';
import { anyOf, routeCall } from '../hint-patterns';

/** Calls opening a route group under a path prefix: gin/echo `Group`, chi `Route`, iris `Party`, gorilla `PathPrefix`. */
const GROUP_METHODS = new Set(['Group', 'Route', 'Party', 'PathPrefix']);
/** Route registrations whose path is the second argument: echo and fiber `Add(method, path, h)`, `Match(methods, path, h)`. */
const METHOD_FIRST = new Set(['Add', 'Match']);
/** Words of the path segments that may come before the task's: versions, API and admin prefixes (`/api/v1/sys-admin`). */
const NEUTRAL_WORDS = new Set([
  'api', 'admin', 'admins', 'internal', 'debug', 'ops', 'system', 'sys', 'sysadmin', 'super', 'superadmin', 'root', 'db', 'database', 'maintenance',
  'manage', 'management', 'task', 'tasks', 'job', 'jobs', 'tool', 'tools', 'dev', 'private', 'rpc', 'hook', 'hooks', 'cmd', 'command', 'commands',
  'action', 'actions', 'backoffice', 'staff', 'migration', 'migrations',
]);

/**
 * Segments naming an admin task, by their words run together. `anywhere`: unambiguous wherever it sits
 * (`/products/reindex`); otherwise only behind neutral prefixes (`/admin/migrate`, not `/repos/migrate`).
 */
const TASKS: { pattern: RegExp; task: string; anywhere: boolean }[] = [
  { pattern: /^(auto)?migrate(up|down|all|latest|now)?$/, task: 'migrations', anywhere: false },
  { pattern: /^(db|database|schema)(auto)?migrate|migrate(db|database|schema)$|^(run|apply)(db)?migrations?$/, task: 'migrations', anywhere: true },
  { pattern: /^(re)?seed(all)?$/, task: 'seeding', anywhere: false },
  { pattern: /^(db|database)(re)?seed/, task: 'seeding', anywhere: true },
  { pattern: /^(reset|drop|wipe|truncate|purge)(db|database|tables?)$|^(db|database)(reset|drop|wipe|truncate|purge)$/, task: 'a database reset', anywhere: true },
  { pattern: /^backfill/, task: 'a backfill', anywhere: true },
  { pattern: /^reindex|^rebuild(search)?index(es)?$/, task: 'reindexing', anywhere: true },
];
const SEEDED_DATA = new Set(['db', 'database', 'data']);
/** `/db/reset`: a bare reset verb under a database segment. */
const DATABASE_SEGMENT = /^(db|database)$/i;
const RESET_VERB = /^(reset|drop|wipe|truncate|purge)$/i;
/** `/admin/migrations/run`: a bare run verb under a migrations segment. */
const MIGRATIONS_SEGMENT = /^migrations?$/i;
const RUN_VERB = /^(run|up|apply|latest|execute)$/i;

interface Route {
  call: Node;
  /** The path as registered, without the prefixes of the groups it is registered in. */
  path: string;
  handlers: Node[];
}

/** Words a path naming an admin task contains: a cheap test before resolving route groups. */
const TASK_WORD = /migrat|seed|reset|drop|wipe|truncate|purge|backfill|reindex|rebuild/i;

function routeOf(call: CallInfo): Route | undefined {
  if (!ROUTE_METHODS.has(call.name) && !METHOD_FIRST.has(call.name)) return undefined;
  const index = METHOD_FIRST.has(call.name) ? 1 : 0;
  const pathNode = call.args[index];
  if (!pathNode || !isStringLiteral(pathNode)) return undefined;
  const value = stringValue(pathNode);
  if (!/^([A-Z]+ +)?\//.test(value)) return undefined;
  const handlers = call.args.slice(index + 1);
  // `http.Post(url, "application/json", body)` is a client request, not a route.
  if (handlers.length === 0 || handlers.some((h) => isStringLiteral(h))) return undefined;
  return { call: call.node, path: value.replace(/^[A-Z]+ +/, ''), handlers };
}

/** The group-opening call a value comes from: `r.Group("/admin")`, the `PathPrefix` of `r.PathPrefix("/admin").Subrouter()`. */
function groupCall(value: Node): { node: Node; prefix: string } | undefined {
  let node: Node | null | undefined = value;
  if (node.type === 'call_expression' && callInfo(node).name === 'Subrouter') node = node.childForFieldName('function')?.childForFieldName('operand');
  if (node?.type !== 'call_expression') return undefined;
  const call = callInfo(node);
  const prefix = call.args[0];
  return GROUP_METHODS.has(call.name) && isStringLiteral(prefix) ? { node, prefix: stringValue(prefix) } : undefined;
}

/**
 * The path prefix of the groups a route (or group) call is registered in: its router is a group
 * variable (`admin := r.Group("/admin")`), or the call sits in a group's closure (`r.Route("/repos", func(r chi.Router) {…})`).
 */
function groupPrefix(go: GoFile, call: Node, depth = 0): string {
  const router = call.childForFieldName('function')?.childForFieldName('operand');
  if (router?.type === 'identifier' && depth < 3) {
    for (const { value } of definitionsOf(go, router)) {
      const group = value ? groupCall(value) : undefined;
      if (group) return groupPrefix(go, group.node, depth + 1) + group.prefix;
    }
  }
  let prefix = '';
  for (let fn = enclosingFunction(call); fn?.type === 'func_literal'; fn = enclosingFunction(fn)) {
    const { parent } = valueParent(fn);
    const group = parent?.type === 'argument_list' && parent.parent ? groupCall(parent.parent) : undefined;
    if (group) prefix = group.prefix + prefix;
  }
  return prefix;
}

/** The admin task a route path names, if it names one as a whole segment behind neutral prefixes only. */
function adminTaskOfPath(routePath: string): string | undefined {
  const segments = routePath.split('?')[0].split('/').filter(Boolean);
  let neutral = true;
  for (let i = 0; i < segments.length; i++) {
    const words = splitWords(segments[i]);
    const joined = words.join('');
    const task = TASKS.find((t) => (neutral || t.anywhere) && t.pattern.test(joined))?.task;
    if (task) return task;
    // `seed-admin` behind admin prefixes, `seed-data` anywhere; not `seeds` (a noun) nor `/wallet/seed-phrase`.
    if ((words[0] === 'seed' || words[0] === 'reseed') && words.length > 1 && (neutral || SEEDED_DATA.has(words[1]))) return 'seeding';
    if (i > 0 && DATABASE_SEGMENT.test(segments[i - 1]) && RESET_VERB.test(segments[i])) return 'a database reset';
    if (neutral && i > 0 && MIGRATIONS_SEGMENT.test(segments[i - 1]) && RUN_VERB.test(segments[i])) return 'migrations';
    neutral &&= words.length > 0 && words.every((w) => NEUTRAL_WORDS.has(w) || /^v\d+$/.test(w));
  }
  return undefined;
}

class HandlerSearch {
  /** `packageImports`: what the package imports, as a handler's values (`s.migrate`) may be declared in another file. */
  constructor(private readonly pkg: PackageView, private readonly packageImports: string[]) {}

  /** The migration a handler runs, if it runs one: `goose.Up`, `AutoMigrate`. */
  migrationIn(file: GoFile, handler: Node, depth = 0): string | undefined {
    for (const { file: f, node } of this.bodiesOf(file, handler)) {
      const found = this.migrationInBody(f, node, depth);
      if (found) return found;
    }
    return undefined;
  }

  private migrationInBody(file: GoFile, body: Node, depth: number): string | undefined {
    const calls = body.descendantsOfType('call_expression').flatMap((n) => (n ? [callInfo(n)] : []));
    // A bare name (`svc.Migrate(ctx, userID)`) may migrate anything; the app's own helpers count through their bodies, below.
    for (const call of calls) {
      const migration = migrationCall(file, call, this.packageImports);
      if (migration && !migration.byName) return migration.label;
    }
    if (depth > 0) return undefined;
    // One call deeper: a function or method of the package the handler calls.
    for (const call of calls) {
      const callee = call.node.childForFieldName('function');
      if (!callee || (callee.type === 'selector_expression' && file.importOf(call.receiver) !== undefined)) continue;
      const found = this.migrationIn(file, callee, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** What runs for a handler expression: a func literal, a function or method of the package, a factory's body. */
  private bodiesOf(file: GoFile, handler: Node): { file: GoFile; node: Node }[] {
    let value = convertedValue(handler);
    while (value.type === 'parenthesized_expression' && value.namedChildren[0]) value = value.namedChildren[0];
    switch (value.type) {
      case 'func_literal':
        return [{ file, node: value }];
      case 'call_expression': {
        // http.HandlerFunc(migrate), mw(migrate): the wrapped handler; newMigrateHandler(db): the factory's body.
        const call = callInfo(value);
        const wrapped = call.args.flatMap((a) => this.bodiesOf(file, a));
        const fn = value.childForFieldName('function');
        return fn ? [...wrapped, ...this.bodiesOf(file, fn)] : wrapped;
      }
      case 'identifier':
        return this.declared(value.text, 'function_declaration');
      case 'selector_expression': {
        const operand = value.childForFieldName('operand');
        if (operand?.type === 'identifier' && file.importOf(operand.text) !== undefined) return [];
        return this.declared(value.childForFieldName('field')?.text ?? '', 'method_declaration');
      }
      default:
        return [];
    }
  }

  private declared(name: string, type: 'function_declaration' | 'method_declaration'): { file: GoFile; node: Node }[] {
    if (!name) return [];
    return this.pkg.filesMentioning(name).flatMap((f) =>
      f.root.namedChildren.flatMap((n) => (n?.type === type && functionName(n) === name ? [{ file: f, node: n }] : [])),
    );
  }
}

const rule: Rule = {
  meta: {
    id: 'admin-processes/admin-endpoint',
    factor: 'admin-processes',
    severity: 'warning',
    languages: ['go'],
    summary: 'An HTTP route runs an admin task (migrations, seeding, resets) in the web process',
    // A route registered with a literal path, in a package naming an admin task or running migrations.
    textHint: [
      {
        file: new RegExp(anyOf(routeCall([ROUTE_METHODS], 0), routeCall([METHOD_FIRST], 1))),
        package: new RegExp(anyOf(TASK_WORD, MIGRATION_HINT), 'i'),
      },
    ],
  },
  check({ go, path: filePath, workspace }) {
    if (!go) return [];
    const routes: Route[] = [];
    for (const call of go.calls) {
      const route = routeOf(call);
      if (route) routes.push(route);
    }
    if (routes.length === 0) return [];
    // Handlers are searched only in a package whose text mentions migrations at all.
    const mentioning = workspace.packageFiles(path.dirname(filePath), mentionsMigrations);
    const search =
      mentioning.length > 0
        ? new HandlerSearch(new PackageView(workspace, go), [go, ...mentioning].flatMap((f) => [...f.imports.values()]))
        : undefined;
    const out: FindingDraft[] = [];
    for (const route of routes) {
      const fullPath = (): string => groupPrefix(go, route.call) + route.path;
      const task = TASK_WORD.test(route.path) ? adminTaskOfPath(fullPath()) : undefined;
      const migration = task || !search ? undefined : route.handlers.map((h) => search.migrationIn(go, h)).find(Boolean);
      if (!task && !migration) continue;
      const what = task ?? `migrations (${migration})`;
      out.push({
        range: go.range(route.call),
        message: `route ${fullPath()} runs ${what} inside the web process; run it as a one-off admin process instead (a subcommand such as \`./app migrate\`, run as a release step or job)`,
        data: { path: fullPath(), task: task ?? 'migrations' },
      });
    }
    return out;
  },
};

export default rule;
