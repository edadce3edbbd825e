// SQLite in one environment, PostgreSQL or MySQL in another: bugs that only the production database
// shows are found in production. A Go program can only switch between them if it links both drivers, so
// the drivers a program imports decide (a branch choosing between them needs both imports too).
//
// Where a finding sits, one per file at most: in a file importing both kinds, on the first import of the
// kind that is not the file's first (the second driver); in a file importing SQLite only, on that import
// when the program links a server driver elsewhere (SQLite is the odd one out); a file importing only a
// server driver is left to the file importing SQLite. Also, on the literal, an env read or config key
// whose default is an SQLite database in such a program (`DATABASE_URL` falling back to `file:app.db`).
// "The program" is a `main` package with every module-local package it imports; packages no `main` of
// the module links in (libraries, examples of other modules) are left alone, as are SQLite-only and
// server-only programs.
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft, Range } from '../../types';
import { PackageView, type GoWorkspace } from '../../workspace';
import {
  argumentKey,
  callInfo,
  definitionsOf,
  editedSubtreeFact,
  enclosingFunction,
  isStringLiteral,
  keyedValues,
  stringValue,
  structTagDefaults,
  type GoFile,
} from '../../languages/go';
import { splitWords } from '../../util/literals';
import { envVarRead } from '../literal-names';
import { programsIncluding } from '../go-programs';
import { anyOf, quotedImport } from '../hint-patterns';

type Kind = 'sqlite' | 'server';

interface Driver {
  kind: Kind;
  database: string;
  path: RegExp;
}

const DRIVERS: Driver[] = [
  {
    kind: 'sqlite',
    database: 'SQLite',
    path: /^(github\.com\/mattn\/go-sqlite3|modernc\.org\/sqlite|gorm\.io\/driver\/sqlite|github\.com\/glebarez\/(go-)?sqlite|github\.com\/ncruces\/go-sqlite3(\/driver)?|github\.com\/jinzhu\/gorm\/dialects\/sqlite|github\.com\/uptrace\/bun\/driver\/sqliteshim|zombiezen\.com\/go\/sqlite|crawshaw\.io\/sqlite)$/,
  },
  {
    kind: 'server',
    database: 'PostgreSQL',
    path: /^(github\.com\/lib\/pq|github\.com\/jackc\/pgx(\/v\d+)?(\/(stdlib|pgxpool|pgconn))?|github\.com\/jackc\/pgconn|gorm\.io\/driver\/postgres|github\.com\/jinzhu\/gorm\/dialects\/postgres|github\.com\/uptrace\/bun\/driver\/pgdriver|github\.com\/go-pg\/pg(\/v\d+)?)$/,
  },
  { kind: 'server', database: 'MySQL', path: /^(github\.com\/go-sql-driver\/mysql|gorm\.io\/driver\/mysql|github\.com\/jinzhu\/gorm\/dialects\/mysql)$/ },
];

function driverOf(importPath: string): Driver | undefined {
  return DRIVERS.find((d) => d.path.test(importPath));
}

interface DriverImport {
  spec: Node;
  importPath: string;
  driver: Driver;
}

/** The program's drivers of each kind: the first import path seen of each. */
interface LinkedDrivers {
  sqlite: string;
  server: { importPath: string; database: string };
}

/** An SQLite database file or DSN: `app.db`, `./data/app.sqlite3`, `file:app.db?cache=shared`, `sqlite://…`, `:memory:`. */
const SQLITE_DSN = /^(file:|sqlite3?:|:memory:)|\.(db|db3|sqlite3?)(\?.*)?$/i;
/** The SQLite driver's name, as a default of a driver or dialect setting. */
const SQLITE_DRIVER_NAME = /^sqlite3?$/i;
const DRIVER_SETTING_WORDS = new Set(['driver', 'dialect', 'type', 'engine', 'kind', 'adapter', 'backend', 'provider']);
/** Settings that configure SQLite itself (its file, its folder) rather than choose a database. */
const SQLITE_SETTING_WORDS = new Set(['sqlite', 'sqlite3', 'path', 'file', 'filename', 'filepath', 'dir', 'directory', 'folder', 'test']);
/** `cmp.Or(os.Getenv("X"), "d")`, `firstNonEmpty(…)`: the first non-empty argument wins. */
const FIRST_NON_EMPTY = /^(Or|coalesce|firstNonEmpty|firstNonBlank|nonEmpty|defaultIfEmpty|orDefault)$/;

const rule: Rule = {
  meta: {
    id: 'dev-prod-parity/different-database-per-env',
    factor: 'dev-prod-parity',
    severity: 'warning',
    languages: ['go'],
    summary: 'The app can run on SQLite in one environment and on a server database in another',
    // A driver imported, or an SQLite database file, DSN or driver name as a literal.
    textHint: new RegExp(
      anyOf(quotedImport(...DRIVERS.map((d) => d.path)), /["`](?:file:|sqlite3?:|:memory:)|\.(?:db|db3|sqlite3?)(?:\?[^"`\n]*)?["`]|["`]sqlite3?["`]/i),
      'i',
    ),
  },
  check({ go, workspace }) {
    if (!go) return [];
    const imports = driverImports(go);
    const pkg = new PackageView(workspace, go);
    const fallbacks = sqliteFallbacks(go, pkg);
    if (imports.length === 0 && fallbacks.length === 0) return [];
    const linked = linkedDrivers(workspace, go);
    if (!linked) return [];

    const out: FindingDraft[] = [];
    const both = `${linked.server.database} (${linked.server.importPath}) and SQLite (${linked.sqlite})`;
    const second = secondDriver(imports);
    if (second) {
      out.push({
        range: go.range(second.spec),
        message: `the program links both ${both} drivers, so environments can run on different databases; use ${linked.server.database} everywhere, locally too (e.g. in a container)`,
        data: { driver: second.importPath },
      });
    }
    for (const fallback of fallbacks) {
      out.push({
        range: fallback.range,
        message: `${fallback.setting} falls back to SQLite (${fallback.value}) while the program also runs on ${linked.server.database}; require ${fallback.setting} and use ${linked.server.database} in every environment`,
        data: { setting: fallback.setting },
      });
    }
    return out;
  },
};

function driverImports(go: GoFile): DriverImport[] {
  const out: DriverImport[] = [];
  if (!go.importsPath((p) => driverOf(p) !== undefined)) return out;
  for (const spec of go.root.descendantsOfType('import_spec')) {
    const pathNode = spec?.childForFieldName('path');
    const importPath = pathNode ? stringValue(pathNode) : '';
    const driver = driverOf(importPath);
    if (spec && driver) out.push({ spec, importPath, driver });
  }
  return out;
}

/** The import this file is reported on, if any: see the header. */
function secondDriver(imports: DriverImport[]): DriverImport | undefined {
  const first = imports[0];
  if (!first) return undefined;
  return imports.find((i) => i.driver.kind !== first.driver.kind) ?? (first.driver.kind === 'sqlite' ? first : undefined);
}

/** The drivers of the first program linking this package in that links drivers of both kinds. */
function linkedDrivers(workspace: GoWorkspace, go: GoFile): LinkedDrivers | undefined {
  for (const program of programsIncluding(workspace, go)) {
    let sqlite: string | undefined;
    let server: LinkedDrivers['server'] | undefined;
    for (const importPath of program.imports) {
      const driver = driverOf(importPath);
      if (driver?.kind === 'sqlite') sqlite ??= importPath;
      else if (driver) server ??= { importPath, database: driver.database };
    }
    if (sqlite && server) return { sqlite, server };
  }
  return undefined;
}

interface Fallback {
  range: Range;
  value: string;
  /** The env var or config key that falls back. */
  setting: string;
}

/** Defaults of env reads and config keys that are an SQLite database. */
/** A literal that is an SQLite DSN or driver name (judged once per edited literal). */
const namesSqlite = editedSubtreeFact((literal) => {
  const value = stringValue(literal);
  return SQLITE_DSN.test(value) || SQLITE_DRIVER_NAME.test(value);
});

function sqliteFallbacks(go: GoFile, pkg: PackageView): Fallback[] {
  const out: Fallback[] = [];
  for (const { node, value } of go.literals) {
    if (!namesSqlite(node)) continue;
    const setting = settingFallingBack(go, node, pkg);
    if (setting && choosesDatabase(setting, value)) out.push({ range: go.range(node), value, setting });
  }
  for (const tag of structTagDefaults(go)) {
    const setting = tag.envVar ?? tag.field;
    if ((SQLITE_DSN.test(tag.value) || SQLITE_DRIVER_NAME.test(tag.value)) && choosesDatabase(setting, tag.value)) {
      out.push({ range: tag.range, value: tag.value, setting });
    }
  }
  return out;
}

/** A database URL falling back to an SQLite file, or a driver setting falling back to the SQLite driver; not SQLite's own file setting. */
function choosesDatabase(setting: string, value: string): boolean {
  const words = splitWords(setting);
  if (words.some((w) => SQLITE_SETTING_WORDS.has(w))) return false;
  return SQLITE_DRIVER_NAME.test(value) ? words.some((w) => DRIVER_SETTING_WORDS.has(w)) : true;
}

/** The env var or config key a literal is the default of, if it is one. */
function settingFallingBack(go: GoFile, literal: Node, pkg: PackageView): string | undefined {
  const site = go.siteOf(literal);
  switch (site.kind) {
    case 'argument': {
      const call = callInfo(site.call);
      // getEnv("DATABASE_URL", "app.db"), viper.SetDefault("database.url", "app.db")
      const key = argumentKey(site.call, site.index);
      if (key && (/env/i.test(call.name) ? /^[A-Z][A-Z0-9_]*$/.test(key) : call.name === 'SetDefault')) return key;
      if (FIRST_NON_EMPTY.test(call.name)) return call.args.map(envVarRead).find((name) => name !== undefined);
      return undefined;
    }
    case 'assign': {
      if (site.nameNode.type === 'field_identifier') return envOfField(pkg, site.name);
      // dsn := os.Getenv("DATABASE_URL"); if dsn == "" { dsn = "app.db" }
      return definitionsOf(go, site.nameNode).map((d) => (d.value && d.value.id !== literal.id ? envVarRead(d.value) : undefined)).find(Boolean);
    }
    case 'return': {
      // if v := os.Getenv("DATABASE_URL"); v != "" { return v }; return "app.db"
      const fn = enclosingFunction(literal);
      if (!fn) return undefined;
      for (const ret of fn.descendantsOfType('return_statement')) {
        const value = ret?.namedChildren[0]?.namedChildren[0] ?? null;
        if (!value || value.id === literal.id || enclosingFunction(value)?.id !== fn.id) continue;
        const name = envVarRead(value) ?? (value.type === 'identifier' ? definitionsOf(go, value).map((d) => (d.value ? envVarRead(d.value) : undefined)).find(Boolean) : undefined);
        if (name) return name;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The env var a config struct field is filled from in the package: `DatabaseURL: os.Getenv("DATABASE_URL")`, `c.DatabaseURL = getEnv("DATABASE_URL")`. */
function envOfField(pkg: PackageView, field: string): string | undefined {
  for (const file of pkg.filesMentioning(field)) {
    for (const composite of file.root.descendantsOfType('composite_literal')) {
      const entry = composite ? keyedValues(composite).find((kv) => kv.key === field) : undefined;
      const name = entry && envVarRead(entry.value);
      if (name) return name;
    }
    for (const assignment of file.root.descendantsOfType('assignment_statement')) {
      const left = assignment?.childForFieldName('left')?.namedChildren ?? [];
      const right = assignment?.childForFieldName('right')?.namedChildren ?? [];
      const index = left.findIndex((l) => l?.type === 'selector_expression' && l.childForFieldName('field')?.text === field);
      const value = index !== -1 && right.length === left.length ? right[index] : null;
      const name = value && !isStringLiteral(value) ? envVarRead(value) : undefined;
      if (name) return name;
    }
  }
  return undefined;
}

export default rule;
