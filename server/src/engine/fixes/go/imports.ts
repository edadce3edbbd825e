// Adding imports to a Go file the way gofmt leaves them: into the first import group in sorted order,
// reusing an import the file already has (under its alias).
import type { Node } from 'web-tree-sitter';
import { nodeRange, stringValue, type GoFile } from '../../languages/go';
import type { Position } from '../../types';
import type { TextEdit } from '../types';

export interface ImportPlan {
  /** Edits that add what is missing (none when everything is imported already). */
  edits: TextEdit[];
  /** import path → the qualifier to write in code (`signal` for "os/signal", or the file's alias). */
  qualifiers: Map<string, string>;
}

/** The edits that make `file` import every path of `wanted`, and the names to use for them. */
export function ensureImports(file: GoFile, wanted: readonly string[]): ImportPlan {
  const qualifiers = new Map<string, string>();
  const existing = new Map<string, string>();
  for (const [qualifier, importPath] of file.imports) existing.set(importPath, qualifier);
  const missing: string[] = [];
  const taken = new Set(file.imports.keys());
  for (const importPath of new Set(wanted)) {
    const qualifier = existing.get(importPath);
    if (qualifier !== undefined) {
      qualifiers.set(importPath, qualifier);
      continue;
    }
    // A name another import already has ("cmp" next to a local package named cmp) gets an alias.
    const name = defaultQualifier(importPath);
    const alias = taken.has(name) ? unusedAlias(importPath, name, taken) : undefined;
    taken.add(alias ?? name);
    qualifiers.set(importPath, alias ?? name);
    missing.push(alias ? `${alias} "${importPath}"` : `"${importPath}"`);
  }
  return { edits: missing.length ? importEdits(file, missing.sort((a, b) => specPath(a).localeCompare(specPath(b)))) : [], qualifiers };
}

/** `stdcmp` for the standard library's "cmp", `othercmp` for "example.com/other/cmp". */
function unusedAlias(importPath: string, name: string, taken: Set<string>): string {
  const segments = importPath.split('/');
  const prefix = segments.length === 1 || !segments[0].includes('.') ? 'std' : segments[segments.length - 2].replace(/[^A-Za-z0-9_]/g, '');
  let alias = `${prefix}${name}`;
  for (let n = 2; taken.has(alias); n++) alias = `${prefix}${name}${n}`;
  return alias;
}

function defaultQualifier(importPath: string): string {
  const segments = importPath.split('/');
  const last = segments[segments.length - 1];
  return /^v\d+$/.test(last) && segments.length > 1 ? segments[segments.length - 2] : last;
}

/** `missing`: import specs as written (`"os"`, `stdcmp "cmp"`), sorted by path. */
function importEdits(file: GoFile, missing: string[]): TextEdit[] {
  const declarations = file.root.namedChildren.filter((n): n is Node => n?.type === 'import_declaration');
  const grouped = declarations.find((d) => d.namedChildren.some((c) => c?.type === 'import_spec_list'));
  if (grouped) return intoGroup(grouped.namedChildren.find((c) => c?.type === 'import_spec_list') as Node, missing);
  const single = declarations[0];
  if (single) {
    // `import "fmt"` becomes a group holding it and the new paths, sorted.
    const spec = single.namedChildren.find((c) => c?.type === 'import_spec') as Node;
    const lines = [...missing, spec.text].sort((a, b) => specPath(a).localeCompare(specPath(b)));
    return [{ range: nodeRange(single), newText: `import (\n${lines.map((l) => `\t${l}`).join('\n')}\n)` }];
  }
  const pkg = file.root.namedChildren.find((n) => n?.type === 'package_clause') as Node;
  const block = missing.length === 1 ? `import ${missing[0]}` : `import (\n${missing.map((q) => `\t${q}`).join('\n')}\n)`;
  const at = nodeRange(pkg).end;
  return [{ range: { start: at, end: at }, newText: `\n\n${block}` }];
}

/** Inserts into the first group (specs up to the first blank line), each at its sorted place. */
function intoGroup(list: Node, missing: string[]): TextEdit[] {
  const specs = list.namedChildren.filter((c): c is Node => c?.type === 'import_spec');
  const firstGroup: Node[] = [];
  for (const spec of specs) {
    const previous = firstGroup[firstGroup.length - 1];
    if (previous && spec.startPosition.row > previous.endPosition.row + 1) break;
    firstGroup.push(spec);
  }
  const byPosition = new Map<string, TextEdit>();
  for (const spec of missing) {
    const before = firstGroup.find((s) => importPathOf(s).localeCompare(specPath(spec)) > 0);
    const at: Position = before
      ? { line: before.startPosition.row, character: 0 }
      : firstGroup.length
        ? { line: firstGroup[firstGroup.length - 1].endPosition.row + 1, character: 0 }
        : { line: list.startPosition.row + 1, character: 0 };
    // Paths inserted at one place go in one edit, already in order.
    const key = `${at.line}:${at.character}`;
    const line = `\t${spec}\n`;
    const edit = byPosition.get(key);
    if (edit) edit.newText += line;
    else byPosition.set(key, { range: { start: at, end: at }, newText: line });
  }
  return [...byPosition.values()];
}

function importPathOf(spec: Node): string {
  const pathNode = spec.childForFieldName('path');
  return pathNode ? stringValue(pathNode) : '';
}

function specPath(specText: string): string {
  return specText.slice(specText.indexOf('"') + 1, specText.lastIndexOf('"'));
}
