// The report webview: the HTML renderer's page, no script, and links that may run only the command
// that opens a location. One panel, re-rendered when the scorecard changes.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { OPEN_LOCATION_COMMAND } from './ids';
import type { Scorecard } from '../../../server/src/engine/scorecard/types';
import { renderHtml } from './render';

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(scorecard: Scorecard): void {
    if (this.panel) {
      this.panel.reveal();
    } else {
      this.panel = vscode.window.createWebviewPanel('twelveFactor.report', 'Twelve-Factor Report', vscode.ViewColumn.Active, {
        enableScripts: false,
        enableCommandUris: [OPEN_LOCATION_COMMAND],
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.update(scorecard);
  }

  /** Re-render the open report (nothing when it is closed). */
  update(scorecard: Scorecard): void {
    if (this.panel) this.panel.webview.html = renderHtml(scorecard, { kind: 'webview', nonce: randomBytes(16).toString('base64') });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
