// Migrations run on every start of the web server: every replica races to migrate on each deploy or
// restart, and a failing migration crash-loops the web tier instead of stopping a release. Reported
// (information) once per function that migrates, on its first migration call that is not behind a
// flag, a subcommand or an environment check, when that function is on a serving program's way up:
// `main` or an `init` of a program that starts a server, a function `main` calls unconditionally
// (followed by name through the package and the module-local packages it imports), or a function — a
// cobra `serve` command's body included — that starts the server itself.
//
// Left alone: programs without a server (a migration CLI), apps whose Procfile declares a `release:`
// process type, migrations behind `os.Args`/flag/env/config checks or in a subcommand's body, helpers
// named for migrations whose body holds the real migration call (reported there instead).
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import type { GoModule, GoWorkspace } from '../../workspace';
import { ROUTE_METHODS, callInfo, enclosingFunction, functionName, isStringLiteral, stringValue, valueParent, type GoFile } from '../../languages/go';
import { splitWords } from '../../util/literals';
import { envVarRead } from '../literal-names';
import { declaresReleaseProcess, programsIncluding, startsServer, type GoProgram } from '../go-programs';
import { MIGRATION_HINT, mentionsMigrations, migrationCall } from '../migration-calls';

/** Names of what decides whether a step runs: flags, subcommands, modes, environments. */
const FLAG_WORDS = new Set([
  'migrate', 'migrates', 'migration', 'migrations', 'automigrate', 'seed', 'upgrade', 'flag', 'flags', 'cmd', 'command', 'subcommand', 'args',
  'arg', 'mode', 'action', 'task', 'env', 'environment', 'debug', 'dev', 'development', 'prod', 'production', 'local', 'skip', 'only', 'init', 'bootstrap',
]);
/** Calls that read a flag, an argument or a setting. */
const FLAG_READS = new Set(['Arg', 'Args', 'NArg', 'NFlag', 'Bool', 'GetBool', 'IsSet', 'Changed', 'Lookup', 'Getenv', 'LookupEnv']);
/** Subcommand names a switch dispatches on. */
const SUBCOMMAND_WORDS = new Set(['migrate', 'migration', 'migrations', 'serve', 'server', 'seed', 'up', 'down', 'rollback', 'worker', 'api', 'web', 'start', 'run']);
const MAX_CALL_DEPTH = 6;
const MAX_VISITED = 300;

/** A function a call runs in: declared (run when called by name), or a func literal kept as a value (a command's body, a stored closure). */
type Running = { fn: Node; declared: boolean };

/**
 * The function a call runs as part of, seen through closures that run where they are written
 * (`func(){…}()`, `go func(){…}()`, `once.Do(func(){…})`); undefined when a flag, subcommand or
 * environment check guards it on the way, or it runs in a request handler.
 */
function runningFunction(file: GoFile, node: Node): Running | undefined {
  let current = node;
  for (;;) {
    const fn = enclosingFunction(current);
    if (!fn || guarded(file, current, fn)) return undefined;
    if (fn.type !== 'func_literal') return { fn, declared: true };
    const { node: literal, parent } = valueParent(fn);
    if (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === literal.id) {
      current = parent;
    } else if (parent?.type === 'argument_list' && parent.parent?.type === 'call_expression') {
      const call = callInfo(parent.parent);
      if (ROUTE_METHODS.has(call.name) && isStringLiteral(call.args[0])) return undefined;
      current = parent.parent;
    } else {
      return { fn, declared: false }; // cobra.Command{RunE: …}, cli.Command{Action: …}, run := func() {…}
    }
  }
}

/** Whether an `if` branch or a `switch` case between `node` and its function `fn` is decided by a flag, subcommand or setting. */
function guarded(file: GoFile, node: Node, fn: Node): boolean {
  for (let child = node, parent = node.parent; parent && parent.id !== fn.id; child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement') {
      const branch = parent.childForFieldName('consequence')?.id === child.id || parent.childForFieldName('alternative')?.id === child.id;
      const condition = parent.childForFieldName('condition');
      if (branch && condition && decidedBySetting(file, condition)) return true;
    } else if ((parent.type === 'expression_case' || parent.type === 'default_case') && parent.childForFieldName('value')?.id !== child.id) {
      const statement = parent.parent;
      const tag = statement?.type === 'expression_switch_statement' ? statement.childForFieldName('value') : null;
      const caseValue = parent.childForFieldName('value');
      if (tag && statement && (decidedBySetting(file, tag) || dispatchesSubcommands(statement))) return true;
      if (!tag && caseValue && decidedBySetting(file, caseValue)) return true;
    }
  }
  return false;
}

function decidedBySetting(file: GoFile, condition: Node): boolean {
  for (const n of [condition, ...condition.descendantsOfType(['selector_expression', 'call_expression', 'unary_expression', 'identifier', 'field_identifier'])]) {
    if (!n) continue;
    switch (n.type) {
      case 'selector_expression':
        if (n.text === 'os.Args') return true;
        break;
      case 'call_expression': {
        const call = callInfo(n);
        if (file.importOf(call.receiver) === 'flag' || FLAG_READS.has(call.name) || envVarRead(n)) return true;
        break;
      }
      case 'unary_expression':
        if (n.child(0)?.text === '*') return true; // *migrateFlag
        break;
      case 'identifier':
      case 'field_identifier':
        if (splitWords(n.text).some((w) => FLAG_WORDS.has(w))) return true;
        break;
    }
  }
  return false;
}

/** `switch x { case "migrate": … case "serve": … }` */
function dispatchesSubcommands(statement: Node): boolean {
  return statement.namedChildren.some((c) =>
    (c?.type === 'expression_case' ? c.childForFieldName('value')?.namedChildren ?? [] : []).some(
      (v) => !!v && isStringLiteral(v) && splitWords(stringValue(v)).some((w) => SUBCOMMAND_WORDS.has(w)),
    ),
  );
}

const declarationsCache = new WeakMap<GoFile, Map<string, Node[]>>();

/** Top-level functions and methods of a file by `func:name` / `method:name`. */
function declarationsOf(file: GoFile): Map<string, Node[]> {
  let declarations = declarationsCache.get(file);
  if (!declarations) {
    declarations = new Map();
    for (const n of file.root.namedChildren) {
      if (n?.type !== 'function_declaration' && n?.type !== 'method_declaration') continue;
      const key = `${n.type === 'method_declaration' ? 'method' : 'func'}:${functionName(n)}`;
      declarations.set(key, [...(declarations.get(key) ?? []), n]);
    }
    declarationsCache.set(file, declarations);
  }
  return declarations;
}

interface Located {
  file: GoFile;
  fn: Node;
}

/** Functions of the module found by the calls that name them, package by package, parsed on demand. */
class ModuleFunctions {
  private readonly filesByDir = new Map<string, GoFile[]>();

  constructor(private readonly workspace: GoWorkspace, private readonly module: GoModule | undefined) {}

  filesOf(dir: string): GoFile[] {
    let files = this.filesByDir.get(dir);
    if (!files) this.filesByDir.set(dir, (files = this.workspace.packageFiles(dir)));
    return files;
  }

  /** The declarations a call may run: a function of the package or of a module-local package, or a method of either. */
  callees(file: GoFile, call: Node): Located[] {
    const callee = call.childForFieldName('function');
    const dir = path.dirname(file.path);
    const lookup = (dirs: string[], key: string): Located[] =>
      dirs.flatMap((d) => this.filesOf(d).flatMap((f) => (declarationsOf(f).get(key) ?? []).map((fn) => ({ file: f, fn }))));
    if (callee?.type === 'identifier') return lookup([dir], `func:${callee.text}`);
    if (callee?.type !== 'selector_expression') return [];
    const operand = callee.childForFieldName('operand');
    const name = callee.childForFieldName('field')?.text ?? '';
    const importPath = operand?.type === 'identifier' ? file.importOf(operand.text) : undefined;
    if (importPath !== undefined) {
      const imported = this.module && this.workspace.dirOfImport(this.module, importPath);
      return imported ? lookup([imported], `func:${name}`) : [];
    }
    const imported = this.module ? [...file.imports.values()].flatMap((p) => this.workspace.dirOfImport(this.module!, p) ?? []) : [];
    return lookup([dir, ...imported], `method:${name}`);
  }

  /** Whether `target` runs, unguarded, when the program's `main` (or an `init` of its package) runs. */
  reachedFromMain(program: GoProgram, target: Located): boolean {
    const key = (l: Located): string => `${l.file.path}:${l.fn.startIndex}`;
    const goal = key(target);
    const queue: { at: Located; depth: number }[] = this.filesOf(program.main).flatMap((file) =>
      [...(declarationsOf(file).get('func:main') ?? []), ...(declarationsOf(file).get('func:init') ?? [])].map((fn) => ({ at: { file, fn }, depth: 0 })),
    );
    const visited = new Set<string>();
    while (queue.length > 0 && visited.size < MAX_VISITED) {
      const { at, depth } = queue.shift()!;
      const k = key(at);
      if (k === goal) return true;
      if (visited.has(k) || depth >= MAX_CALL_DEPTH) continue;
      visited.add(k);
      for (const call of at.fn.descendantsOfType('call_expression')) {
        if (!call || runningFunction(at.file, call)?.fn.id !== at.fn.id) continue;
        for (const callee of this.callees(at.file, call)) queue.push({ at: callee, depth: depth + 1 });
      }
    }
    return false;
  }

  /** Whether a call resolves to functions of the module that run a migration themselves. */
  delegatesMigration(file: GoFile, call: Node): boolean {
    return this.callees(file, call).some(({ file: f, fn }) =>
      fn.descendantsOfType('call_expression').some((c) => !!c && c.id !== call.id && migrationCall(f, callInfo(c)) !== undefined),
    );
  }
}

const rule: Rule = {
  meta: {
    id: 'admin-processes/migrate-on-startup',
    factor: 'admin-processes',
    severity: 'information',
    languages: ['go'],
    summary: "Migrations run unconditionally on the web server's startup",
    textHint: MIGRATION_HINT,
  },
  check({ go, path: filePath, workspace }) {
    if (!go || !mentionsMigrations(go.text)) return [];
    const candidates = go.calls.flatMap((call) => {
      const migration = migrationCall(go, call);
      return migration ? [{ call, migration }] : [];
    });
    if (candidates.length === 0) return [];
    const dir = path.dirname(filePath);
    const functions = new ModuleFunctions(workspace, workspace.moduleOf(dir));
    let programs: GoProgram[] | undefined;
    const servingPrograms = (): GoProgram[] =>
      (programs ??= programsIncluding(workspace, go).filter((p) => p.servesRequests && !declaresReleaseProcess(workspace, p.main)));
    const imports = [...go.imports.values()];

    const firstPerFunction = new Map<number, FindingDraft>();
    for (const { call, migration } of candidates) {
      const running = runningFunction(go, call.node);
      if (!running || firstPerFunction.has(running.fn.id)) continue;
      if (migration.byName && functions.delegatesMigration(go, call.node)) continue;
      const onStartup =
        startsServer(running.fn.text, imports)
          ? !declaresReleaseProcess(workspace, dir)
          : running.declared &&
            servingPrograms().some((p) => startsProgram(go, running.fn) || functions.reachedFromMain(p, { file: go, fn: running.fn }));
      if (!onStartup) continue;
      firstPerFunction.set(running.fn.id, {
        range: go.range(call.node),
        message: `migrations run on every start of the web server (${migration.label}); run them once per release instead, as a \`migrate\` subcommand or flag run by a release process (Procfile \`release:\`, a Kubernetes Job or init container)`,
        data: { migration: migration.label },
      });
    }
    return [...firstPerFunction.values()];
  },
};

/** `main` of a `main` package, or an `init` (which runs in every program linking its package in). */
function startsProgram(file: GoFile, fn: Node): boolean {
  const name = fn.type === 'function_declaration' ? functionName(fn) : '';
  return name === 'init' || (name === 'main' && file.packageName === 'main');
}

export default rule;
