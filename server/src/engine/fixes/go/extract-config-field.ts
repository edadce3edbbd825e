// "Extract literal into config field": the literal's value moves to the environment, read once by the
// app's config loader (which fails when it is missing) into a field of its `Config`, and the code
// reads the field where a config value is in scope. `main` without one loads the config itself. Code
// that cannot reach a config value (another function, a package-level declaration) reads the
// variable through `mustEnv` in config.go, which fails as loudly — as does `main` in an app that reads
// env vars elsewhere, where a new loader would leave those reads scattered (a new finding). Offered on
// the literal findings and as a refactoring on any Go string literal.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { callInfo, enclosingDeclaredFunction, enclosingFunction, functionName, identifiersNamed, stringValue, valueParent, type GoFile } from '../../languages/go';
import type { Finding, Range } from '../../types';
import { envVarName } from '../../util/literals';
import type { Fix, FindingFixProvider, FixContext, RefactorProvider } from '../types';
import { appendAligned } from './extract-align';
import { appConfigFor, moduleReadsEnv, type ConfigStruct } from './config-struct';
import { Changes } from './extract-changes';
import { movableFromGroup, moveOutOfGroup } from './extract-const-group';
import { configInScope } from './extract-scope';
import { configNameFor, numbered, qualifierFor, sideListenerEnvVar, type ConfigName } from './naming';
import { isServiceListener } from './port-from-env-listener';

const LITERAL_RULES = [
  'config/hardcoded-secret',
  'config/credential-in-url',
  'config/hardcoded-connection-string',
  'backing-services/hardcoded-address',
  'port-binding/hardcoded-port',
];

export const extractConfigFieldFix: FindingFixProvider = {
  ruleIds: LITERAL_RULES,
  fixesFor(finding: Finding, ctx: FixContext): Fix[] {
    const literal = ctx.go?.literals.find((l) => sameStart(ctx.go!.range(l.node), finding.range))?.node;
    const envVar = typeof finding.data?.envVar === 'string' ? finding.data.envVar : undefined;
    const port = typeof finding.data?.port === 'string' ? finding.data.port : undefined;
    const go = ctx.go;
    // A server beside the service's gets a variable of its own: PORT is the service's listener's.
    const side = go && literal && port && envVar === 'PORT' && !isServiceListener(ctx.workspace, go, literal, appConfigFor(ctx.workspace, go, ctx.workspace.packageOf(go))?.loader?.file);
    const fix = literal && extractLiteral(ctx, literal, side ? sideListenerEnvVar(go, literal, port) : envVar);
    if (!fix) return [];
    // The port has its own mechanical fix (PORT with the old port as fallback); this one is a suggestion there.
    return [{ ...fix, kind: 'quickfix', ruleId: finding.ruleId, isPreferred: finding.ruleId !== 'port-binding/hardcoded-port' }];
  },
};

export const extractLiteralRefactor: RefactorProvider = {
  languages: ['go'],
  refactorsAt(range: Range, ctx: FixContext): Fix[] {
    const literal = ctx.go?.literals.find((l) => contains(ctx.go!.range(l.node), range))?.node;
    if (!literal || isEnvVarName(literal)) return [];
    const fix = extractLiteral(ctx, literal, undefined);
    return fix ? [fix] : [];
  },
};

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function contains(outer: Range, inner: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** The name in `os.Getenv("X")` is no value to extract. */
function isEnvVarName(literal: Node): boolean {
  const parent = literal.parent?.parent;
  return parent?.type === 'call_expression' && /env/i.test(callInfo(parent).name);
}

/** Where the literal's replacement reads the value from. */
type Source =
  | { kind: 'field'; struct: ConfigStruct; access: string; loadInMain?: { errName: string } }
  | { kind: 'new-config'; errName: string }
  | { kind: 'must-env' };

function extractLiteral(ctx: FixContext, literal: Node, suggestedEnvVar: string | undefined): Fix | undefined {
  const go = ctx.go;
  if (!go) return undefined;
  const value = stringValue(literal);
  const constSpec = constSpecOf(literal);
  // A const of a group leaves it (a var of its own); one alone becomes a var.
  const grouped = !!constSpec && constSpec.parent?.type === 'const_declaration' && specCount(constSpec.parent) > 1;
  if (constSpec) {
    const movable = grouped ? movableFromGroup(go, constSpec) : specCount(constSpec.parent) === 1;
    if (!movable || !usedAsValueOnly(go, ctx, constSpec)) return undefined;
  }
  const packageFiles = ctx.workspace.packageOf(go);
  const source = sourceFor(ctx, go, packageFiles, literal);
  const name = resolveName(configNameFor(go, literal, value, suggestedEnvVar), source, literal);
  if (!name) return undefined;
  const port = /(^|_)PORT$/.test(name.envVar) ? /^([^:]*:)?(\d{1,5})$/.exec(value) : null;

  const changes = new Changes(ctx.workspace);
  changes.file(go);
  let read: string;
  let title: string;
  if (source.kind === 'must-env') {
    read = `mustEnv(${JSON.stringify(name.envVar)})`;
    addMustEnv(changes, go, packageFiles);
    title = `Extract into the required env var ${name.envVar} (mustEnv in config.go)`;
  } else if (source.kind === 'new-config') {
    read = `cfg.${name.field}`;
    createConfig(changes, go, packageFiles, name);
    loadInMain(changes, go, literal, '', 'LoadConfig', source.errName);
    title = `Extract into config field Config.${name.field} (${name.envVar})`;
  } else {
    const { struct, access } = source;
    read = `${access}.${name.field}`;
    if (struct.fieldEnvVars.get(name.field) !== name.envVar && !addField(changes, struct, name)) return undefined;
    if (source.loadInMain) {
      const qualifier = struct.file.packageName === go.packageName && path.dirname(struct.file.path) === path.dirname(go.path) ? '' : `${changes.qualifier(go, struct.importPath)}.`;
      loadInMain(changes, go, literal, qualifier, struct.loader!.name, source.loadInMain.errName);
    }
    title = `Extract into config field ${struct.name}.${name.field} (${name.envVar})`;
  }

  const replacement = port?.[1] ? `${JSON.stringify(port[1])}${plus(literal)}${read}` : read;
  if (grouped) for (const e of moveOutOfGroup(go, constSpec!, replacement)) changes.edit(go.path, e.range, e.newText);
  else {
    changes.edit(go.path, go.range(literal), replacement);
    if (constSpec) changes.edit(go.path, go.range(constSpec.parent!.child(0)!), 'var');
  }
  addToEnvExample(changes, go, name.envVar, port ? port[2] : '');
  return { title, kind: 'refactor.extract', changes: changes.build() };
}

/** A `const` holding the literal (a const cannot hold a read): the spec, when it is the literal's own. */
function constSpecOf(literal: Node): Node | undefined {
  const { parent } = valueParent(literal);
  const spec = parent?.type === 'expression_list' ? parent.parent : null;
  return spec?.type === 'const_spec' ? spec : undefined;
}

function specCount(declaration: Node | null): number {
  return declaration?.type === 'const_declaration' ? declaration.namedChildren.filter((c) => c?.type === 'const_spec').length : 0;
}

/** A const with one name, not used where only constants go (other constants' values): a var can take its place. */
function usedAsValueOnly(go: GoFile, ctx: FixContext, spec: Node): boolean {
  const names = spec.childrenForFieldName('name');
  if (names.length !== 1 || !names[0]) return false;
  const name = names[0].text;
  const scope = enclosingFunction(spec);
  const files = scope ? [go] : ctx.workspace.packageOf(go);
  return files.every((f) =>
    identifiersNamed(scope && f === go ? scope : f.root, name).every((ident) => {
      for (let n = ident.parent; n; n = n.parent) if (n.type === 'const_spec') return n.id === spec.id && n.tree === spec.tree;
      return true;
    }),
  );
}

function isMain(go: GoFile, fn: Node | null): boolean {
  return go.packageName === 'main' && fn?.type === 'function_declaration' && functionName(fn) === 'main';
}

function sourceFor(ctx: FixContext, go: GoFile, packageFiles: GoFile[], literal: Node): Source {
  if (!enclosingFunction(literal)) return { kind: 'must-env' };
  const inScope = configInScope(ctx.workspace, go, packageFiles, literal);
  if (inScope) return inScope.struct.loader ? { kind: 'field', struct: inScope.struct, access: inScope.access } : { kind: 'must-env' };
  const main = enclosingDeclaredFunction(literal);
  if (!main || !isMain(go, main)) return { kind: 'must-env' };
  const errName = loadNames(main);
  if (!errName) return { kind: 'must-env' };
  const struct = appConfigFor(ctx.workspace, go, packageFiles);
  if (!struct) {
    const clash = packageFiles.some((f) => /^type Config\b/m.test(f.text));
    return clash || moduleReadsEnv(ctx.workspace, path.dirname(go.path)) ? { kind: 'must-env' } : { kind: 'new-config', errName };
  }
  const loader = struct.loader;
  // A loader `main` already calls (after the literal) would be loaded twice.
  if (!loader?.takesNoArguments || main.text.includes(`${loader.name}(`)) return { kind: 'must-env' };
  return { kind: 'field', struct, access: 'cfg', loadInMain: { errName } };
}

/**
 * The error variable for `cfg, err := LoadConfig()` at the top of `main`: `err`, or `cfgErr` when a
 * later `err := …` in main's body would then declare nothing new. Undefined when `cfg` is taken.
 */
function loadNames(main: Node): string | undefined {
  const body = main.childForFieldName('body');
  if (!body || identifiersNamed(body, 'cfg').length > 0) return undefined;
  const statements = body.namedChildren.find((c) => c?.type === 'statement_list')?.namedChildren ?? [];
  const declared = new Set(['cfg', 'err']);
  for (const s of statements) {
    if (s?.type === 'var_declaration' && s.text.match(/^var\s+(\(\s*)?err\b/)) return 'cfgErr';
    if (s?.type !== 'short_var_declaration') continue;
    const names = (s.childForFieldName('left')?.namedChildren ?? []).flatMap((n) => (n && n.text !== '_' ? [n.text] : []));
    if (names.every((n) => declared.has(n))) return 'cfgErr';
    names.forEach((n) => declared.add(n));
  }
  return 'err';
}

/** The field and env var, clear of the struct's other fields (a same-named field loaded from the same variable is reused). */
function resolveName(name: ConfigName, source: Source, literal: Node): ConfigName | undefined {
  if (source.kind !== 'field') return name;
  const fields = source.struct.fieldEnvVars;
  const envVars = new Set([...fields.values()].filter(Boolean));
  if (fields.get(name.field) === name.envVar && name.fromIdentifier) return name;
  if (!fields.has(name.field) && !envVars.has(name.envVar)) return name;
  const taken = (field: string): boolean => fields.has(field) || envVars.has(envVarName(field));
  const qualifier = qualifierFor(literal);
  const qualified = qualifier && !name.field.startsWith(qualifier) ? `${qualifier}${name.field}` : undefined;
  const field = qualified && !taken(qualified) ? qualified : numbered(name.field, taken);
  return { field, envVar: envVarName(field), fromIdentifier: false };
}

/** `+` as gofmt spaces it: tight inside a call with several arguments, spaced elsewhere. */
function plus(literal: Node): string {
  for (let n = literal.parent; n; n = n.parent) {
    if (n.type === 'argument_list') {
      if (n.namedChildren.filter((c) => c?.type !== 'comment').length > 1) return '+';
    } else if (n.type === 'literal_value' || n.type === 'statement_list' || n.type === 'expression_list' || n.type === 'block') break;
  }
  return ' + ';
}

/** `cfg, err := LoadConfig()` first thing in `main`, exiting when it fails. */
function loadInMain(changes: Changes, go: GoFile, literal: Node, qualifier: string, loader: string, errName: string): void {
  const main = enclosingDeclaredFunction(literal)!;
  const body = main.childForFieldName('body')!;
  const log = changes.qualifier(go, 'log');
  const at = { line: body.startPosition.row + 1, character: 0 };
  changes.edit(go.path, { start: at, end: at }, `\tcfg, ${errName} := ${qualifier}${loader}()\n\tif ${errName} != nil {\n\t\t${log}.Fatal(${errName})\n\t}\n`);
}

/** The field in the struct, read from its env var in the loader and checked there; false when the struct cannot take it. */
function addField(changes: Changes, struct: ConfigStruct, name: ConfigName): boolean {
  const loader = struct.loader!;
  const lines = loader.file.text.split('\n');
  const fieldEdits = appendAligned(struct.file, struct.fields, [name.field, 'string']);
  if (!fieldEdits) return false;
  changes.file(struct.file);
  changes.file(loader.file);
  for (const e of fieldEdits) changes.edit(struct.file.path, e.range, e.newText);
  const os = changes.qualifier(loader.file, 'os');
  // The loader's own way of making errors: `errors.New`, or `fmt.Errorf` in a file that has only fmt.
  const usesFmt = [...loader.file.imports.values()].includes('fmt') && ![...loader.file.imports.values()].includes('errors');
  const newError = usesFmt ? `${changes.qualifier(loader.file, 'fmt')}.Errorf` : `${changes.qualifier(loader.file, 'errors')}.New`;
  const read = `${os}.Getenv(${JSON.stringify(name.envVar)})`;
  const indent = /^\t*/.exec(lines[loader.finalReturn.startPosition.row])![0];
  let statements = '';
  const elementEdits = loader.composite && appendAligned(loader.file, loader.composite, [`${name.field}:`, `${read},`]);
  if (elementEdits) for (const e of elementEdits) changes.edit(loader.file.path, e.range, e.newText);
  else statements += `${indent}${loader.variable}.${name.field} = ${read}\n`;
  statements += `${indent}if ${loader.variable}.${name.field} == "" {\n${indent}\treturn ${loader.zero}, ${newError}("${name.envVar} is required")\n${indent}}\n`;
  const at = { line: loader.finalReturn.startPosition.row, character: 0 };
  changes.edit(loader.file.path, { start: at, end: at }, statements);
  return true;
}

const CONFIG_FILE = 'config.go';

/** A new `Config` with the field, and `LoadConfig` that fails when its variable is missing, in config.go. */
function createConfig(changes: Changes, go: GoFile, packageFiles: GoFile[], name: ConfigName): void {
  const declarations = (q: (p: string) => string): string =>
    [
      '// Config is the configuration of the app, read from the environment once at startup.',
      'type Config struct {',
      `\t${name.field} string`,
      '}',
      '',
      '// LoadConfig reads the configuration from the environment; a required variable that is missing is an error.',
      'func LoadConfig() (Config, error) {',
      '\tcfg := Config{',
      `\t\t${name.field}: ${q('os')}.Getenv(${JSON.stringify(name.envVar)}),`,
      '\t}',
      `\tif cfg.${name.field} == "" {`,
      `\t\treturn Config{}, ${q('errors')}.New("${name.envVar} is required")`,
      '\t}',
      '\treturn cfg, nil',
      '}',
    ].join('\n');
  appendToConfigFile(changes, go, packageFiles, ['errors', 'os'], declarations);
}

/** `mustEnv(name)` in config.go, unless the package has it. */
function addMustEnv(changes: Changes, go: GoFile, packageFiles: GoFile[]): void {
  if (packageFiles.some((f) => /^func mustEnv\(/m.test(f.text))) return;
  const declarations = (q: (p: string) => string): string =>
    [
      '// mustEnv returns the value of a required environment variable and panics when it is unset or',
      '// empty: a missing setting fails loudly instead of falling back to a value written in the code.',
      'func mustEnv(name string) string {',
      `\tvalue := ${q('os')}.Getenv(name)`,
      '\tif value == "" {',
      '\t\tpanic(name + " is required but not set")',
      '\t}',
      '\treturn value',
      '}',
    ].join('\n');
  appendToConfigFile(changes, go, packageFiles, ['os'], declarations);
}

/** Appends declarations to the package's config.go (imports added), or creates it. */
function appendToConfigFile(changes: Changes, go: GoFile, packageFiles: GoFile[], imports: string[], declarations: (q: (p: string) => string) => string): void {
  const configPath = path.join(path.dirname(go.path), CONFIG_FILE);
  const existing = packageFiles.find((f) => f.path === configPath);
  if (existing) {
    changes.file(existing);
    const text = declarations((p) => changes.qualifier(existing, p));
    const lines = existing.text.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    changes.edit(existing.path, { start: end, end }, `${existing.text.endsWith('\n') ? '' : '\n'}\n${text}\n`);
    return;
  }
  const importBlock = imports.length === 1 ? `import "${imports[0]}"` : `import (\n${imports.map((p) => `\t"${p}"`).join('\n')}\n)`;
  changes.create(configPath, `package ${go.packageName}\n\n${importBlock}\n\n${declarations((p) => p.split('/').pop()!)}\n`);
}

/** `KEY=` appended to the nearest `.env.example` between the package and the module root, if any. */
function addToEnvExample(changes: Changes, go: GoFile, envVar: string, exampleValue: string): void {
  const module = changes.workspace.moduleOf(path.dirname(go.path));
  for (let dir = path.dirname(go.path); ; dir = path.dirname(dir)) {
    const file = path.join(dir, '.env.example');
    const text = changes.workspace.readFile(file);
    if (text !== undefined) {
      if (new RegExp(`^\\s*(export\\s+)?${envVar}=`, 'm').test(text)) return;
      const lines = text.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      changes.edit(file, { start: end, end }, `${text === '' || text.endsWith('\n') ? '' : '\n'}${envVar}=${exampleValue}\n`);
      return;
    }
    if (!module || dir === module.root || path.dirname(dir) === dir) return;
  }
}
