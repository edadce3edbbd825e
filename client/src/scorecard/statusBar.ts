// `12F 9/12` in the status bar: for the active editor's app (else all apps), coloured by the worst
// status, opening the Scorecard view; hidden when the workspace has no app.
import * as vscode from 'vscode';
import { VIEW_ID } from './ids';
import { statusSummary } from './model';
import type { Scorecard } from '../../../server/src/engine/scorecard/types';

const BACKGROUNDS = { fail: 'statusBarItem.errorBackground', warn: 'statusBarItem.warningBackground' } as const;

export class ScorecardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('twelveFactor.score', vscode.StatusBarAlignment.Left, 10);
  private scorecard: Scorecard | undefined;
  private readonly editorWatch = vscode.window.onDidChangeActiveTextEditor(() => this.render());

  constructor() {
    this.item.name = 'Twelve-Factor Score';
    this.item.command = `${VIEW_ID}.focus`;
  }

  update(scorecard: Scorecard): void {
    this.scorecard = scorecard;
    this.render();
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const summary = statusSummary(this.scorecard, editor?.document.uri.scheme === 'file' ? editor.document.uri.fsPath : undefined);
    if (!summary) {
      this.item.hide();
      return;
    }
    this.item.text = summary.text;
    this.item.tooltip = summary.tooltip;
    const background = summary.worst === 'fail' || summary.worst === 'warn' ? BACKGROUNDS[summary.worst] : undefined;
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    this.item.show();
  }

  dispose(): void {
    this.editorWatch.dispose();
    this.item.dispose();
  }
}
