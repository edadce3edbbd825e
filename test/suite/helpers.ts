// What the extension-host tests share: the sample workspace, waiting on VS Code, our diagnostics.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Scorecard } from '../../server/src/engine/scorecard/types';

export const EXTENSION_ID = 'twelve-factor.twelve-factor';
export const SOURCE = 'twelve-factor';

/** The workspace both hosts open: a copy of examples/go-service. */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with the sample app open as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Polls `probe` until it returns something other than undefined; fails after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Waits until `uri` has a diagnostic of `rule` for which `accept` holds, and returns it. */
export function waitForDiagnostic(uri: vscode.Uri, rule: string, accept: (d: vscode.Diagnostic) => boolean = () => true, timeoutMs?: number): Promise<vscode.Diagnostic> {
  return waitFor(`a ${rule} diagnostic on ${uri.path}`, () => ourDiagnostics(uri).find((d) => ruleOf(d) === rule && accept(d)), timeoutMs);
}

/** Waits until `uri` has no diagnostic of `rule` for which `accept` holds. */
export async function waitForNoDiagnostic(uri: vscode.Uri, rule: string, accept: (d: vscode.Diagnostic) => boolean = () => true): Promise<void> {
  await waitFor(`no ${rule} diagnostic left on ${uri.path}`, () => (ourDiagnostics(uri).some((d) => ruleOf(d) === rule && accept(d)) ? undefined : true));
}

/** The scorecard as the server has it now (the extension's hidden command). */
export function scorecardNow(): Thenable<Scorecard | undefined> {
  return vscode.commands.executeCommand<Scorecard | undefined>('twelveFactor.getScorecard');
}

/** `III` → status, for the workspace's one app. */
export function statusesOf(scorecard: Scorecard | undefined): Record<string, string> {
  assert.ok(scorecard?.apps.length === 1, 'the sample workspace is one app');
  return Object.fromEntries(scorecard.apps[0].factors.map((f) => [f.numeral, f.status]));
}

/** Opens `relativePath` of the workspace in an editor. */
export async function openEditor(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Inserts `text` as a new line before line `line` (0-based) of `document`, as typing would, without saving. */
export async function insertLine(document: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(line, 0), `${text}\n`);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
}

/** Deletes line `line` (0-based) of `document`, without saving. */
export async function deleteLine(document: vscode.TextDocument, line: number): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.delete(document.uri, new vscode.Range(line, 0, line + 1, 0));
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
}

/** The 0-based number of the first line of `document` that contains `text`. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  const index = document.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${document.uri.path} contains ${JSON.stringify(text)}`);
  return index;
}
