// The edits of one fix across files, gathered as they are planned: text edits per file, the imports
// each Go file needs (added once per file, in gofmt order), and new files.
import type { Node } from 'web-tree-sitter';
import { stringValue, type GoFile } from '../../languages/go';
import type { Range } from '../../types';
import type { GoWorkspace } from '../../workspace';
import type { FileChange, TextEdit } from '../types';
import { ensureImports } from './imports';

export class Changes {
  private readonly edits = new Map<string, TextEdit[]>();
  private readonly goFiles = new Map<string, GoFile>();
  private readonly imports = new Map<string, Set<string>>();
  private readonly created = new Map<string, string>();

  constructor(readonly workspace: GoWorkspace) {}

  /** Registers a Go file that will be edited (its imports can then be added). */
  file(go: GoFile): void {
    this.goFiles.set(go.path, go);
  }

  /** The name to qualify `importPath` with in `go`, which will import it. */
  qualifier(go: GoFile, importPath: string): string {
    this.file(go);
    let paths = this.imports.get(go.path);
    if (!paths) this.imports.set(go.path, (paths = new Set()));
    paths.add(importPath);
    return ensureImports(go, [importPath]).qualifiers.get(importPath)!;
  }

  edit(path: string, range: Range, newText: string): void {
    let list = this.edits.get(path);
    if (!list) this.edits.set(path, (list = []));
    list.push({ range, newText });
  }

  create(path: string, text: string): void {
    this.created.set(path, text);
  }

  build(): FileChange[] {
    for (const [path, paths] of this.imports) {
      const go = this.goFiles.get(path)!;
      const list = go.root.descendantsOfType('import_spec_list')[0];
      // The module's own packages go in a group after the standard library's, as goimports keeps them.
      const own = list ? [...paths].filter((p) => !isStandard(p) && ![...go.imports.values()].includes(p)) : [];
      const standard = [...paths].filter((p) => !own.includes(p));
      for (const e of ensureImports(go, standard).edits) this.edit(path, e.range, e.newText);
      if (list && own.length > 0) this.edit(path, ...groupEdit(list, own.sort()));
    }
    return [
      ...[...this.edits].map(([path, edits]): FileChange => ({ kind: 'edit', path, edits })),
      ...[...this.created].map(([path, text]): FileChange => ({ kind: 'create', path, text })),
    ];
  }
}

/** Standard library paths have no dot in their first element. */
function isStandard(importPath: string): boolean {
  return !importPath.split('/')[0].includes('.');
}

/** Into the import group of non-standard paths (sorted), or a new group at the end of the list. */
function groupEdit(list: Node, paths: string[]): [Range, string] {
  const specs = list.namedChildren.filter((c): c is Node => c?.type === 'import_spec');
  const pathOf = (spec: Node): string => stringValue(spec.childForFieldName('path')!);
  const group = specs.filter((s) => !isStandard(pathOf(s)));
  const lines = paths.map((p) => `\t"${p}"\n`).join('');
  if (group.length > 0) {
    const before = group.find((s) => pathOf(s).localeCompare(paths[0]) > 0);
    const line = before ? before.startPosition.row : group[group.length - 1].endPosition.row + 1;
    return [{ start: { line, character: 0 }, end: { line, character: 0 } }, lines];
  }
  const line = list.endPosition.row;
  return [{ start: { line, character: 0 }, end: { line, character: 0 } }, `\n${lines}`];
}
