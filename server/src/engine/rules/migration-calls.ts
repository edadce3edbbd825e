// Calls that run database schema migrations: migration libraries (golang-migrate, goose, sql-migrate,
// gormigrate, bun, tern, dbmate, darwin), ORMs that migrate (gorm `AutoMigrate`, ent `Schema.Create`,
// xorm `Sync`), and the app's own helpers named for it (`runMigrations`, `migrations.Run`).
import type { CallInfo, GoFile } from '../languages/go';

interface MigrationLibrary {
  path: RegExp;
  label: string;
  /** Package functions that migrate (`goose.Up(db, dir)`). */
  functions?: Set<string>;
  /** Methods that migrate, on values of the library's types (`m.Up()` of golang-migrate). */
  methods?: Set<string>;
}

const LIBRARIES: MigrationLibrary[] = [
  { path: /^github\.com\/golang-migrate\/migrate(\/v\d+)?$/, label: 'golang-migrate', methods: new Set(['Up', 'Down', 'Steps', 'Migrate']) },
  {
    path: /^github\.com\/pressly\/goose(\/v\d+)?$/,
    label: 'goose',
    functions: new Set([
      'Up', 'UpContext', 'UpTo', 'UpToContext', 'UpByOne', 'UpByOneContext', 'Down', 'DownContext', 'DownTo', 'DownToContext',
      'Reset', 'ResetContext', 'Redo', 'RedoContext', 'Run', 'RunContext', 'RunWithOptions', 'RunWithOptionsContext',
    ]),
    methods: new Set(['Up', 'UpTo', 'UpByOne', 'Down', 'DownTo']),
  },
  {
    path: /^github\.com\/rubenv\/sql-migrate$/,
    label: 'sql-migrate',
    functions: new Set(['Exec', 'ExecMax', 'ExecContext', 'ExecMaxContext', 'ExecVersion']),
    methods: new Set(['Exec', 'ExecMax', 'ExecVersion']),
  },
  { path: /^github\.com\/go-gormigrate\/gormigrate(\/v\d+)?$/, label: 'gormigrate', methods: new Set(['Migrate', 'MigrateTo']) },
  { path: /^github\.com\/uptrace\/bun\/migrate$/, label: 'bun migrate', methods: new Set(['Migrate']) },
  { path: /^github\.com\/jackc\/tern(\/v\d+)?\/migrate$/, label: 'tern', methods: new Set(['Migrate', 'MigrateTo']) },
  { path: /^github\.com\/amacneil\/dbmate(\/v\d+)?\/pkg\/dbmate$/, label: 'dbmate', methods: new Set(['Migrate', 'CreateAndMigrate']) },
  { path: /^github\.com\/GuiaBolso\/darwin$/, label: 'darwin', functions: new Set(['Migrate']), methods: new Set(['Migrate']) },
  { path: /^(xorm\.io\/xorm|github\.com\/go-xorm\/xorm)$/, label: 'xorm Sync', methods: new Set(['Sync', 'Sync2']) },
];

/** `runMigrations`, `MigrateDB`, `applyMigrations`, `migrate`, `AutoMigrate`. */
const MIGRATION_NAME = /^(run|apply|exec|do|perform)?(auto)?migrat(e|ions?)(up|db|database|schema|all|latest)?$/i;
/** `migrations.Run(db)`, `migrator.Up(ctx)`: the helper package or value is named for migrations. */
const MIGRATION_RECEIVER = /^migrat(e|ions?|or|er)$/i;
const MIGRATION_RECEIVER_METHODS = new Set(['Run', 'Up', 'Apply', 'Exec', 'Execute', 'Migrate', 'RunAll']);

export const MIGRATION_HINT = /igrat|goose|\.Schema\.Create\(|xorm/;

/** Whether Go text can run migrations: what any file running them contains, a cheap test before looking for the calls. */
export function mentionsMigrations(text: string): boolean {
  return MIGRATION_HINT.test(text);
}

export interface MigrationCall {
  /** What runs the migrations, for messages: `goose.Up`, `AutoMigrate`. */
  label: string;
  /** Known only by its name (the app's own helper): its body may hold the real migration call. */
  byName: boolean;
}

/**
 * Whether a call runs migrations, and how it is known. A method is matched by name when `imports` (by
 * default the file's; the package's when the value may come from another file) include its library.
 */
export function migrationCall(file: GoFile, call: CallInfo, imports: Iterable<string> = file.imports.values()): MigrationCall | undefined {
  if (!call.callee) return undefined;
  const qualifier = call.receiver.includes('.') || call.receiver === '' ? undefined : file.importOf(call.receiver);
  if (qualifier !== undefined) {
    const library = LIBRARIES.find((l) => l.path.test(qualifier));
    if (library) return library.functions?.has(call.name) ? { label: `${call.receiver}.${call.name}`, byName: false } : undefined;
  } else if (call.receiver !== '') {
    for (const importPath of imports) {
      const library = LIBRARIES.find((l) => l.methods?.has(call.name) && l.path.test(importPath));
      if (library) return { label: `${library.label} ${call.name}`, byName: false };
    }
    if (/\.Schema$/.test(call.receiver) && call.name === 'Create' && file.importsPath((p) => /^entgo\.io\/ent|\/ent$/.test(p))) {
      return { label: 'ent Schema.Create', byName: false };
    }
  }
  // gorm's `db.AutoMigrate(&User{})` is a method; a package function of that name is the app's own helper.
  if (call.name === 'AutoMigrate' && call.receiver !== '' && qualifier === undefined) return { label: 'AutoMigrate', byName: false };
  const receiverName = call.receiver.split('.').pop() ?? '';
  if (MIGRATION_NAME.test(call.name) || (MIGRATION_RECEIVER.test(receiverName) && MIGRATION_RECEIVER_METHODS.has(call.name))) {
    return { label: call.callee, byName: true };
  }
  return undefined;
}
