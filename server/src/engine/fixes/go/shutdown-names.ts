// Names and indentation for code a Go fix writes: new names must not clash with what the function or
// package already declares, and new lines are indented like gofmt would (tabs).
import type { Node } from 'web-tree-sitter';
import { descendants, type GoFile } from '../../languages/go';

/** Names declared at package level in any of the files, and the file's import qualifiers. */
export function packageNames(file: GoFile, packageFiles: readonly GoFile[]): Set<string> {
  const names = new Set<string>(file.imports.keys());
  for (const f of packageFiles) {
    for (const decl of f.root.namedChildren) {
      if (!decl) continue;
      if (decl.type === 'function_declaration') names.add(decl.childForFieldName('name')?.text ?? '');
      for (const spec of descendants(decl, ['const_spec', 'var_spec', 'type_spec'])) {
        if (spec.type === 'type_spec') names.add(spec.childForFieldName('name')?.text ?? '');
        else for (const name of spec.childrenForFieldName('name')) if (name) names.add(name.text);
      }
    }
  }
  return names;
}

/** What a new local in `scope` must not be called: the package's names and every identifier used in the scope. */
export function takenNames(file: GoFile, packageFiles: readonly GoFile[], scope: Node): Set<string> {
  const names = packageNames(file, packageFiles);
  for (const ident of descendants(scope, 'identifier')) names.add(ident.text);
  return names;
}

/** The first candidate not taken (then the last one numbered), recorded as taken. */
export function freshName(taken: Set<string>, candidates: readonly string[]): string {
  let name = candidates.find((c) => !taken.has(c));
  for (let n = 2; !name; n++) if (!taken.has(`${candidates[candidates.length - 1]}${n}`)) name = `${candidates[candidates.length - 1]}${n}`;
  taken.add(name);
  return name;
}

/** The tabs (or spaces) a line starts with. */
export function indentOfLine(text: string, line: number): string {
  const start = lineStart(text, line);
  return /^[\t ]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Offset of the start of a zero-based line. */
export function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let l = 0; l < line && offset >= 0; l++) offset = text.indexOf('\n', offset) + 1;
  return Math.max(0, offset);
}

/** The module's `go` version from go.mod text (minor number), or undefined when there is none. */
export function goMinorVersion(goMod: string | undefined): number | undefined {
  const m = goMod ? /^go\s+1\.(\d+)/m.exec(goMod) : null;
  return m ? Number(m[1]) : undefined;
}
