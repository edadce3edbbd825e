// The app's config struct and its loader, wherever they live in the module: the struct a config value
// in scope has as its type, or the `Config` of the literal's package, or of a config package the
// literal's package can import.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { baseType, descendants, functionName, type GoFile } from '../../languages/go';
import type { GoModule, GoWorkspace } from '../../workspace';

export interface ConfigStruct {
  file: GoFile;
  name: string;
  /** The struct's `field_declaration_list`. */
  fields: Node;
  /** Field name → the env var the loader reads into it, when it reads one by name. */
  fieldEnvVars: Map<string, string | undefined>;
  /** Import path of the struct's package, and its package name. */
  importPath: string;
  packageName: string;
  loader?: ConfigLoader;
}

/** A function returning the struct (and an error), ending in `return cfg, nil`. */
export interface ConfigLoader {
  file: GoFile;
  name: string;
  /** Whether `main` can call it as `Name()`. */
  takesNoArguments: boolean;
  /** The variable returned: `cfg`. */
  variable: string;
  finalReturn: Node;
  /** The multi-line keyed composite `cfg` is initialised with (`cfg := Config{…}`), if any. */
  composite?: Node;
  /** The value a failing return gives for the config: `Config{}` or `nil`. */
  zero: string;
}

/** Type names taken for the app's configuration. */
export const CONFIG_TYPE_NAME = /^(\w*Config|Configuration|Settings)$/;
const CONFIG_PACKAGE_DIR = /^(config|configs|conf|settings)$/;

/** The struct named `name` declared in the files of a package, with its loader. */
export function structIn(ws: GoWorkspace, files: GoFile[], name: string): ConfigStruct | undefined {
  for (const file of files) {
    for (const spec of descendants(file.root, 'type_spec')) {
      if (spec.childForFieldName('name')?.text !== name) continue;
      const struct = spec.childForFieldName('type');
      const fields = struct?.type === 'struct_type' ? struct.namedChildren.find((c) => c?.type === 'field_declaration_list') : undefined;
      if (!fields) return undefined;
      const dir = path.dirname(file.path);
      const module = ws.moduleOf(dir);
      const loader = loaderIn(files, name);
      return {
        file,
        name,
        fields,
        fieldEnvVars: fieldEnvVars(fields, loader),
        importPath: module ? ws.importPathOf(module, dir) : '',
        packageName: file.packageName,
        loader,
      };
    }
  }
  return undefined;
}

/**
 * The config struct a type written in `file` names (`Config`, `*Config`, `config.Config`), when it is
 * declared in the module.
 */
export function structOfType(ws: GoWorkspace, file: GoFile, packageFiles: GoFile[], type: Node): ConfigStruct | undefined {
  const base = baseType(type);
  if (base.type === 'type_identifier') return CONFIG_TYPE_NAME.test(base.text) ? structIn(ws, packageFiles, base.text) : undefined;
  if (base.type !== 'qualified_type') return undefined;
  const name = base.childForFieldName('name')?.text ?? '';
  const importPath = file.importOf(base.childForFieldName('package')?.text ?? '');
  const module = ws.moduleOf(path.dirname(file.path));
  const dir = module && importPath ? ws.dirOfImport(module, importPath) : undefined;
  return dir && CONFIG_TYPE_NAME.test(name) ? structIn(ws, ws.packageFiles(dir), name) : undefined;
}

/**
 * The app's `Config` for code in `file`'s package: its own package's, else that of a config package
 * of the module (`internal/config`) the package may import — one it imports already first.
 */
export function appConfigFor(ws: GoWorkspace, file: GoFile, packageFiles: GoFile[]): ConfigStruct | undefined {
  const own = structIn(ws, packageFiles, 'Config');
  if (own) return own;
  const dir = path.dirname(file.path);
  const module = ws.moduleOf(dir);
  if (!module) return undefined;
  const ownImportPath = ws.importPathOf(module, dir);
  const imported = new Set(packageFiles.flatMap((f) => [...f.imports.values()]));
  const candidates = ws
    .packageDirs(module)
    .filter((d) => d !== dir && CONFIG_PACKAGE_DIR.test(path.basename(d)) && importable(module, ws.importPathOf(module, d), ownImportPath))
    .sort((a, b) => Number(imported.has(ws.importPathOf(module, b))) - Number(imported.has(ws.importPathOf(module, a))));
  for (const candidate of candidates) {
    const files = ws.packageFiles(candidate);
    // A config package importing the literal's package would make an import cycle.
    if (files.some((f) => f.packageName === 'main' || [...f.imports.values()].includes(ownImportPath))) continue;
    const found = structIn(ws, files, 'Config');
    if (found) return found;
  }
  return undefined;
}

/** Go's `internal` rule: `a/internal/x` is importable only from under `a`. */
function importable(module: GoModule, target: string, from: string): boolean {
  const segments = target.split('/');
  const internal = segments.lastIndexOf('internal');
  if (internal === -1) return true;
  const parent = segments.slice(0, internal).join('/');
  return parent.length < module.path.length ? true : from === parent || from.startsWith(`${parent}/`);
}

function loaderIn(files: GoFile[], typeName: string): ConfigLoader | undefined {
  for (const file of files) {
    for (const fn of file.root.namedChildren) {
      if (fn?.type !== 'function_declaration') continue;
      const results = (fn.childForFieldName('result')?.namedChildren ?? []).filter((r): r is Node => r?.type === 'parameter_declaration');
      const first = results[0]?.childForFieldName('type');
      if (results.length !== 2 || results[1].childForFieldName('type')?.text !== 'error' || !first || baseType(first).text !== typeName) continue;
      const loader = loaderShape(file, fn, typeName, first.type === 'pointer_type');
      if (loader) return loader;
    }
  }
  return undefined;
}

function loaderShape(file: GoFile, fn: Node, typeName: string, pointer: boolean): ConfigLoader | undefined {
  const statements = fn.childForFieldName('body')?.namedChildren.find((c) => c?.type === 'statement_list')?.namedChildren.filter((s): s is Node => !!s && s.type !== 'comment') ?? [];
  const finalReturn = statements[statements.length - 1];
  const returned = finalReturn?.type === 'return_statement' ? finalReturn.namedChildren[0]?.namedChildren : undefined;
  if (!finalReturn || returned?.length !== 2 || returned[1]?.text !== 'nil') return undefined;
  // `return cfg, nil` or `return &cfg, nil`
  const first = returned[0]?.type === 'unary_expression' && returned[0].child(0)?.text === '&' ? returned[0].childForFieldName('operand') : returned[0];
  const variable = first?.type === 'identifier' ? first.text : undefined;
  if (!variable) return undefined;
  const declaration = statements.find((s) => s.type === 'short_var_declaration' && s.childForFieldName('left')?.text === variable);
  let value = declaration?.childForFieldName('right')?.namedChildren[0] ?? undefined;
  if (value?.type === 'unary_expression') value = value.childForFieldName('operand') ?? undefined;
  const body = value?.type === 'composite_literal' ? value.childForFieldName('body') : undefined;
  const multiLineKeyed = body && body.startPosition.row !== body.endPosition.row && body.namedChildren.some((c) => c?.type === 'keyed_element');
  return {
    file,
    name: functionName(fn),
    takesNoArguments: (fn.childForFieldName('parameters')?.namedChildren.filter((p) => p?.type !== 'comment').length ?? 0) === 0,
    variable,
    finalReturn,
    composite: multiLineKeyed ? body : undefined,
    zero: pointer ? 'nil' : `${typeName}{}`,
  };
}

/** Which env var the loader reads into each field: `Port: os.Getenv("PORT")`, `cfg.Port = getEnv("PORT", …)`. */
function fieldEnvVars(fields: Node, loader: ConfigLoader | undefined): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const decl of fields.namedChildren) {
    if (decl?.type !== 'field_declaration') continue;
    const names = decl.childrenForFieldName('name');
    if (names.length === 0) out.set(baseType(decl.childForFieldName('type')!).text.split('.').pop() ?? '', undefined);
    for (const n of names) if (n) out.set(n.text, undefined);
  }
  if (!loader) return out;
  const fn = loader.finalReturn.parent?.parent?.parent;
  const text = fn?.text ?? '';
  for (const m of text.matchAll(/(?:\.|\b)(\w+)\s*(?::|=)\s*[\w.]+\(\s*"([A-Z][A-Z0-9_]*)"/g)) if (out.has(m[1])) out.set(m[1], m[2]);
  return out;
}

/** A named env read other than `PORT` (which `main` may read on its own). */
const ENV_READ = /\b(os|syscall)\.(Getenv|LookupEnv)\(\s*"(?!PORT")/;

/**
 * Whether code of the module reads env vars itself: a new config loader would leave those reads
 * scattered outside it (a finding of their own), so a fix must not create one there.
 */
export function moduleReadsEnv(ws: GoWorkspace, dir: string): boolean {
  const module = ws.moduleOf(dir);
  const dirs = module ? ws.packageDirs(module) : [dir];
  return dirs.some((d) =>
    (ws.listDir(d) ?? []).some((name) => name.endsWith('.go') && !name.endsWith('_test.go') && ENV_READ.test(ws.readFile(path.join(d, name)) ?? '')),
  );
}
