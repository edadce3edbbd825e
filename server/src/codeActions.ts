// The engine's code actions in LSP terms: fixes and suppressions as WorkspaceEdits (`documentChanges`
// with file creation and document versions where the client supports them, plain `changes`
// otherwise), the docs as a command the client runs, and the findings behind the editor's diagnostics.
import { pathToFileURL } from 'url';
import {
  CodeActionKind,
  type CodeAction as LspCodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { CodeAction, FileChange, Finding, Range } from './engine';

/** The kind `editor.codeActionsOnSave` names to apply a file's safe fixes. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.twelveFactor`;
/** Registered by the client: opens a rule's doc page. */
export const SHOW_DOCUMENTATION_COMMAND = 'twelveFactor.showDocumentation';

export interface EditSupport {
  documentChanges: boolean;
  createFiles: boolean;
}

/** Whether an action of `kind` was asked for (`only` lists kinds and their parents, e.g. `source`). */
export function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The findings the client's diagnostics were published for: same rule, range and message. */
export function findingsOf(diagnostics: readonly Diagnostic[], findings: readonly Finding[]): { finding: Finding; diagnostic: Diagnostic }[] {
  return diagnostics.flatMap((diagnostic) => {
    if (diagnostic.source !== 'twelve-factor') return [];
    const finding = findings.find((f) => f.ruleId === diagnostic.code && f.message === diagnostic.message && sameRange(f.range, diagnostic.range));
    return finding ? [{ finding, diagnostic }] : [];
  });
}

/**
 * A WorkspaceEdit for the changes; undefined when the client cannot apply them (a file to create
 * without `resourceOperations: create`). `versionOf` gives open documents' versions.
 */
export function toWorkspaceEdit(changes: readonly FileChange[], support: EditSupport, versionOf: (uri: string) => number | undefined): WorkspaceEdit | undefined {
  if (support.documentChanges) {
    const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
    for (const change of changes) {
      const uri = pathToFileURL(change.path).href;
      if (change.kind === 'create') {
        if (!support.createFiles) return undefined;
        const start = { line: 0, character: 0 };
        documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
        documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: change.text }] });
      } else {
        documentChanges.push({ textDocument: { uri, version: versionOf(uri) ?? null }, edits: change.edits });
      }
    }
    return { documentChanges };
  }
  const byUri: NonNullable<WorkspaceEdit['changes']> = {};
  for (const change of changes) {
    if (change.kind === 'create') return undefined;
    const uri = pathToFileURL(change.path).href;
    (byUri[uri] ??= []).push(...change.edits);
  }
  return { changes: byUri };
}

/** One engine action as an LSP code action, or undefined when its edit cannot be applied by this client. */
export function toLspCodeAction(
  action: CodeAction,
  diagnosticOf: (finding: Finding) => Diagnostic | undefined,
  support: EditSupport,
  versionOf: (uri: string) => number | undefined,
): LspCodeAction | undefined {
  const diagnostic = action.finding && diagnosticOf(action.finding);
  const diagnostics = diagnostic ? [diagnostic] : undefined;
  if (action.kind === 'docs') {
    return {
      title: action.title,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      command: { title: action.title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [action.docs] },
    };
  }
  const edit = toWorkspaceEdit(action.fix.changes, support, versionOf);
  if (!edit) return undefined;
  const result: LspCodeAction = { title: action.fix.title, kind: action.fix.kind, diagnostics, edit };
  if (action.fix.isPreferred) result.isPreferred = true;
  return result;
}
