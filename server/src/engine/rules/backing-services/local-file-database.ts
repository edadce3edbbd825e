// An embedded database kept in a file (SQLite, DuckDB, Bolt, Badger, LevelDB, Pebble, BuntDB): the
// data lives on the process's disk, and no config change can point the app at another database. The
// most specific rule for such paths (hardcoded-address and local-disk-state leave them alone).
// Reported on the path literal, when it reaches the opening call directly or through one variable or
// constant that only ever holds literals.
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { isStringLiteral, literalOrigins, literalsReaching, stringValue, type CallInfo, type GoFile } from '../../languages/go';
import { isPlaceholder, isTemplate } from '../../util/literals';
import type { GoWorkspace } from '../../workspace';
import { declareSurvey, moduleRelativePath, surveyModule } from '../module-survey';
import { quotedImport } from '../hint-patterns';

interface DatabaseOpen {
  /** Import path of the package. */
  pkg: RegExp;
  functions: string[];
  /** Index of the path (or DSN) argument. */
  pathArgument: number;
  /** Index of the driver-name argument of `database/sql`-like calls: only embedded drivers count. */
  driverArgument?: number;
}

const DATABASE_OPENS: DatabaseOpen[] = [
  { pkg: /^database\/sql$/, functions: ['Open'], pathArgument: 1, driverArgument: 0 },
  { pkg: /^github\.com\/jmoiron\/sqlx$/, functions: ['Open', 'Connect', 'MustOpen', 'MustConnect'], pathArgument: 1, driverArgument: 0 },
  { pkg: /^github\.com\/jinzhu\/gorm$/, functions: ['Open'], pathArgument: 1, driverArgument: 0 },
  { pkg: /^(xorm\.io|github\.com\/go-xorm)\/xorm$/, functions: ['NewEngine'], pathArgument: 1, driverArgument: 0 },
  // Generated ent clients: `ent.Open("sqlite3", "file:ent.db?_fk=1")`.
  { pkg: /^[^"]*\/ent$/, functions: ['Open'], pathArgument: 1, driverArgument: 0 },
  { pkg: /^(gorm\.io\/driver\/sqlite|github\.com\/glebarez\/sqlite)$/, functions: ['Open'], pathArgument: 0 },
  { pkg: /^github\.com\/ncruces\/go-sqlite3$/, functions: ['Open', 'OpenFlags'], pathArgument: 0 },
  { pkg: /^(crawshaw\.io|zombiezen\.com\/go)\/sqlite$/, functions: ['OpenConn'], pathArgument: 0 },
  { pkg: /^(crawshaw\.io|zombiezen\.com\/go)\/sqlite\/sqlitex$/, functions: ['Open', 'NewPool'], pathArgument: 0 },
  { pkg: /^github\.com\/marcboeker\/go-duckdb$/, functions: ['NewConnector'], pathArgument: 0 },
  { pkg: /^(github\.com\/boltdb\/bolt|go\.etcd\.io\/bbolt)$/, functions: ['Open'], pathArgument: 0 },
  { pkg: /^github\.com\/asdine\/storm(\/v\d+)?$/, functions: ['Open'], pathArgument: 0 },
  { pkg: /^github\.com\/dgraph-io\/badger(\/v\d+)?$/, functions: ['DefaultOptions', 'LSMOnlyOptions'], pathArgument: 0 },
  { pkg: /^github\.com\/syndtr\/goleveldb\/leveldb$/, functions: ['OpenFile'], pathArgument: 0 },
  { pkg: /^github\.com\/tidwall\/buntdb$/, functions: ['Open'], pathArgument: 0 },
  { pkg: /^github\.com\/cockroachdb\/pebble(\/v\d+)?$/, functions: ['Open'], pathArgument: 0 },
];
const OPEN_NAMES = new Set(DATABASE_OPENS.flatMap((o) => o.functions));
/** An import of one of the packages, in a file's text. */
const IMPORT_TEXT = new RegExp(`"(${DATABASE_OPENS.map((o) => o.pkg.source.replace(/^\^|\$$/g, '')).join('|')})"`);
const EMBEDDED_DRIVER = /sqlite|duckdb/i;

const rule: Rule = {
  meta: {
    id: 'backing-services/local-file-database',
    factor: 'backing-services',
    severity: 'warning',
    languages: ['go'],
    summary: 'The app keeps its data in an embedded file database',
    textHint: [{ package: new RegExp(quotedImport(...DATABASE_OPENS.map((o) => o.pkg))) }],
  },
  check({ go, workspace }) {
    if (!go) return [];
    const filesOfPackage = workspace.packageLookup(go);
    // A file without a database import may still declare the path another file of its package opens.
    const opens = go.importsPath((p) => DATABASE_OPENS.some((o) => o.pkg.test(p)));
    if (!opens && (!declaresStrings(go) || !packageImportsDatabase(workspace, go))) return [];
    const reached = literalsReaching(go, filesOfPackage, (f) => embeddedDatabasePaths(f, filesOfPackage));
    const out: FindingDraft[] = [];
    for (const { node, value } of go.literals) {
      if (!reached.has(node.startIndex) || !isFilePath(value)) continue;
      out.push({
        range: go.range(node),
        message: `the app keeps its data in an embedded file database (${value}), which cannot be swapped by config; use a database server addressed by config (DATABASE_URL)`,
      });
    }
    return out;
  },
};

function importsDatabase(_relativePath: string, text: string): true | undefined {
  return IMPORT_TEXT.test(text) || undefined;
}
declareSurvey('imports-database', importsDatabase);

/** Another file of the package (its folder) imports an embedded database. */
function packageImportsDatabase(workspace: GoWorkspace, go: GoFile): boolean {
  const dir = moduleRelativePath(workspace, go.path).replace(/[^/]*$/, '');
  return [...surveyModule(workspace, go, importsDatabase).keys()].some((file) => file.replace(/[^/]*$/, '') === dir);
}

/** Package-level constants or variables given string literals. */
function declaresStrings(file: GoFile): boolean {
  return file.root.namedChildren.some((n) => (n?.type === 'const_declaration' || n?.type === 'var_declaration') && /["`]/.test(n.text));
}

/** A path the database lives at: not in memory (`:memory:`, `file::memory:`, `mode=memory`), not a placeholder or a template. */
function isFilePath(value: string): boolean {
  const v = value.trim();
  if (isPlaceholder(v) || isTemplate(v) || /%[sdv]/.test(v)) return false;
  return !/^(file:)?:memory:|[?&]mode=memory\b|^file::memory:/i.test(v);
}

/** The path arguments of the embedded databases a file opens. */
function embeddedDatabasePaths(file: GoFile, packageFiles: () => GoFile[]): { value: Node; sink: true }[] {
  return embeddedDatabaseOpens(file, packageFiles).map((value) => ({ value, sink: true }));
}

/**
 * The path arguments of the calls in a file that open an embedded file database (`sql.Open` only with
 * an SQLite or DuckDB driver). local-disk-state reads them too: a folder made for the database is the
 * database's.
 */
export function embeddedDatabaseOpens(file: GoFile, packageFiles: () => GoFile[]): Node[] {
  const out: Node[] = [];
  for (const call of file.calls) {
    if (!OPEN_NAMES.has(call.name)) continue;
    const open = databaseOpen(file, call);
    const value = open && call.args[open.pathArgument];
    if (!open || !value) continue;
    if (open.driverArgument !== undefined && !isEmbeddedDriver(file, call.args[open.driverArgument], packageFiles)) continue;
    out.push(value);
  }
  return out;
}

function databaseOpen(file: GoFile, call: CallInfo): DatabaseOpen | undefined {
  const qualifier = call.node.childForFieldName('function')?.childForFieldName('operand');
  if (qualifier?.type !== 'identifier') return undefined;
  const importPath = file.importOf(qualifier.text);
  return importPath === undefined ? undefined : DATABASE_OPENS.find((o) => o.functions.includes(call.name) && o.pkg.test(importPath));
}

/** `"sqlite3"`, a constant holding it, or a driver-name constant of a shim package (`sqliteshim.ShimName`). */
function isEmbeddedDriver(file: GoFile, driver: Node | undefined, packageFiles: () => GoFile[]): boolean {
  if (!driver) return false;
  if (driver.type === 'selector_expression' || (driver.type === 'call_expression' && !isStringLiteral(driver))) {
    return EMBEDDED_DRIVER.test(driver.text) && !driver.text.includes('"');
  }
  const names = literalOrigins(file, driver, packageFiles).map((o) => stringValue(o.node));
  return names.length > 0 && names.every((n) => EMBEDDED_DRIVER.test(n));
}

export default rule;
