// Read port from PORT: the hardcoded listen address keeps its host and reads its port from the
// environment, the old port being the fallback. An expression that fits where the literal was (a call
// argument, a struct field, a var, a package-level declaration): `cmp.Or(os.Getenv("PORT"), "8080")`
// on Go 1.22+, else a small package helper doing the same. Next to a config loader, through the
// config (port-from-env-config.ts); only on the service's own listener (port-from-env-listener.ts).
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { descendants, nodeRange, stringValue, type GoFile } from '../../languages/go';
import type { Finding, Range } from '../../types';
import { listenPort } from '../../util/literals';
import { flagsEnvRead } from '../../rules/config/scattered-env-access';
import type { FileChange, FindingFixProvider, Fix, FixContext, TextEdit } from '../types';
import { ensureImports } from './imports';
import { portConfig, portThroughConfig } from './port-from-env-config';
import { isServiceListener } from './port-from-env-listener';
import { concatenation } from './port-from-env-gofmt';
import { freshName, goMinorVersion, packageNames } from './shutdown-names';

const HELPER = 'portFromEnv';
const HELPER_SIGNATURE = '(fallback string) string';

export interface PortRead {
  /** A Go string expression: PORT, or `fallback` when PORT is unset or empty. */
  expression: string;
  /** Imports and, before Go 1.22, the helper the expression needs. */
  edits: TextEdit[];
}

/** How the file reads PORT with a fallback; `extraImports` are merged into the same import edits. */
export function portRead(ctx: FixContext, file: GoFile, fallback: string, extraImports: readonly string[] = []): PortRead & { qualifiers: Map<string, string> } {
  const module = ctx.workspace.moduleOf(path.dirname(file.path));
  const goMod = module ? ctx.workspace.readFile(path.join(module.root, 'go.mod')) : undefined;
  const fallbackText = JSON.stringify(fallback);
  if ((goMinorVersion(goMod) ?? 0) >= 22) {
    const plan = ensureImports(file, ['cmp', 'os', ...extraImports]);
    const [cmp, os] = [plan.qualifiers.get('cmp'), plan.qualifiers.get('os')];
    return { expression: `${cmp}.Or(${os}.Getenv("PORT"), ${fallbackText})`, edits: plan.edits, qualifiers: plan.qualifiers };
  }
  const plan = ensureImports(file, ['os', ...extraImports]);
  const packageFiles = ctx.workspace.packageOf(file);
  const existing = packageFiles.flatMap((f) => f.root.namedChildren).find((d) => d?.type === 'function_declaration' && isHelper(d));
  if (existing) return { expression: `${HELPER}(${fallbackText})`, edits: plan.edits, qualifiers: plan.qualifiers };
  const name = freshName(packageNames(file, packageFiles), [HELPER]);
  const os = plan.qualifiers.get('os');
  const helper =
    `\n// ${name} returns the port the platform assigns in PORT, or fallback when PORT is unset.\n` +
    `func ${name}${HELPER_SIGNATURE} {\n\tif port := ${os}.Getenv("PORT"); port != "" {\n\t\treturn port\n\t}\n\treturn fallback\n}\n`;
  const end = endOfFile(file.text);
  return {
    expression: `${name}(${fallbackText})`,
    edits: [...plan.edits, { range: { start: end, end }, newText: file.text.endsWith('\n') ? helper : `\n${helper}` }],
    qualifiers: plan.qualifiers,
  };
}

function isHelper(fn: Node): boolean {
  const params = fn.childForFieldName('parameters')?.text ?? '';
  const result = fn.childForFieldName('result')?.text ?? '';
  return fn.childForFieldName('name')?.text === HELPER && `${params} ${result}` === HELPER_SIGNATURE;
}

function endOfFile(text: string): Range['start'] {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** The string literal a finding sits on. */
export function literalAt(file: GoFile, range: Range): Node | undefined {
  return file.literals.find((l) => sameRange(nodeRange(l.node), range))?.node;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * A `const` holding the literal becomes a `var` (a const cannot hold a call); undefined when that
 * cannot be done alone: in a group, or when other constants are computed from it.
 */
function constToVar(literal: Node, packageFiles: readonly GoFile[]): TextEdit[] | undefined {
  let spec: Node | null = literal.parent;
  while (spec && spec.type !== 'const_spec' && spec.type !== 'var_spec' && spec.type !== 'block' && spec.type !== 'source_file') spec = spec.parent;
  if (spec?.type !== 'const_spec') return [];
  const declaration = spec.parent;
  // In a group, the other constants would turn into variables too (or lose their implicit repetition).
  if (declaration?.type !== 'const_declaration' || descendants(declaration, 'const_spec').length !== 1) return undefined;
  const name = spec.childrenForFieldName('name')[0]?.text;
  const constantValues = packageFiles.flatMap((f) => descendants(f.root, 'const_spec')).flatMap((c) => c.childForFieldName('value') ?? []);
  if (constantValues.some((value) => descendants(value, 'identifier').some((i) => i.text === name))) return undefined;
  const keyword = declaration.child(0);
  return keyword?.type === 'const' ? [{ range: nodeRange(keyword), newText: 'var' }] : undefined;
}

export const portFromEnvFix: FindingFixProvider = {
  ruleIds: ['port-binding/hardcoded-port'],
  fixesFor(finding: Finding, ctx: FixContext): Fix[] {
    const file = ctx.go;
    const literal = file && literalAt(file, finding.range);
    if (!file || !literal) return [];
    const value = stringValue(literal);
    const port = listenPort(value);
    const declaration = constToVar(literal, ctx.workspace.packageOf(file));
    if (!port || !declaration) return [];
    const host = value.slice(0, value.length - port.length);
    const title = `Read port from PORT (fallback ${port})`;
    // Only the local rewrite is mechanical enough for fix-all; the config's new field is for review.
    const fix = (changes: FileChange[], safe: boolean): Fix[] => [{ title, kind: 'quickfix', ruleId: finding.ruleId, isPreferred: true, safe, changes }];
    // Next to a config loader, PORT is read there (a read outside it would be flagged), into a field of the config in scope.
    if (flagsEnvRead(ctx.workspace, file, 'PORT', literal)) {
      const config = portConfig(ctx, file, literal);
      const changes = config && isServiceListener(ctx.workspace, file, literal, config.struct.loader!.file) && portThroughConfig(ctx, file, literal, config, port, host, declaration);
      return changes ? fix(changes, false) : [];
    }
    if (!isServiceListener(ctx.workspace, file, literal, undefined)) return [];
    const read = portRead(ctx, file, port);
    const replacement = host ? concatenation(literal, JSON.stringify(host), read.expression) : read.expression;
    return fix([{ kind: 'edit', path: ctx.path, edits: [...read.edits, ...declaration, { range: nodeRange(literal), newText: replacement }] }], true);
  },
};
