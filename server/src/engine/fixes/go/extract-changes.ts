// The edits of one fix across files, gathered as they are planned: text edits per file, the imports
// each Go file needs (added once per file, in gofmt order), and new files.
import type { GoFile } from '../../languages/go';
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
      for (const e of ensureImports(this.goFiles.get(path)!, [...paths]).edits) this.edit(path, e.range, e.newText);
    }
    return [
      ...[...this.edits].map(([path, edits]): FileChange => ({ kind: 'edit', path, edits })),
      ...[...this.created].map(([path, text]): FileChange => ({ kind: 'create', path, text })),
    ];
  }
}
