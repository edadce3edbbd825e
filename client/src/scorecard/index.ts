// Wires the scorecard's views to the language server: the tree, the status bar item, the report and
// the commands, all fed by one ScorecardSource.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { exportReport } from './export';
import type { OpenTarget } from './format';
import { EXPORT_REPORT_COMMAND, GET_SCORECARD_COMMAND, HAS_APP_CONTEXT, OPEN_LOCATION_COMMAND, OPEN_REPORT_COMMAND, READY_CONTEXT, RESCAN_COMMAND, VIEW_ID } from './ids';
import {
  RESCAN_REQUEST,
  SCORECARD_CHANGED_NOTIFICATION,
  SCORECARD_REQUEST,
  type ScorecardChangedParams,
  type ScorecardParams,
} from './protocol';
import type { Scorecard } from '../../../server/src/engine/scorecard/types';
import { ReportPanel } from './report';
import { ScorecardSource } from './source';
import { ScorecardStatusBar } from './statusBar';
import { ScorecardTreeProvider, toRange } from './treeView';

/** Edits arrive in bursts; the views follow once the server has been quiet this long. */
const DEBOUNCE_MS = 300;

export function registerScorecard(client: LanguageClient, log: vscode.LogOutputChannel): vscode.Disposable {
  const tree = new ScorecardTreeProvider();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ScorecardStatusBar();
  const report = new ReportPanel();
  const source = new ScorecardSource({
    fetch: () => client.sendRequest<Scorecard>(SCORECARD_REQUEST, {} satisfies ScorecardParams),
    debounceMs: DEBOUNCE_MS,
    onError: (error) => {
      log.error(`Could not get the scorecard: ${error instanceof Error ? error.message : String(error)}`);
      view.message = 'Could not get the scorecard; see the Twelve-Factor output.';
    },
  });

  const showing = source.onDidChange((scorecard) => {
    view.message = undefined;
    tree.update(scorecard);
    statusBar.update(scorecard);
    report.update(scorecard);
    void vscode.commands.executeCommand('setContext', HAS_APP_CONTEXT, scorecard.apps.length > 0);
    void vscode.commands.executeCommand('setContext', READY_CONTEXT, true);
  });

  /** The current scorecard, fetched first if there is none yet. */
  const scorecardNow = async (): Promise<Scorecard | undefined> => source.scorecard ?? (await source.refresh());

  return vscode.Disposable.from(
    tree,
    view,
    statusBar,
    report,
    showing,
    source,
    client.onNotification(SCORECARD_CHANGED_NOTIFICATION, (params: ScorecardChangedParams) => {
      if (params?.apps) source.offer(params);
      else source.invalidate();
    }),
    // First load, and again after the server restarts.
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) source.invalidate();
    }),
    vscode.commands.registerCommand(RESCAN_COMMAND, () =>
      vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Rescanning the workspace' }, async () => {
        await client.sendRequest(RESCAN_REQUEST, {});
        await source.refresh();
      }),
    ),
    vscode.commands.registerCommand(OPEN_REPORT_COMMAND, async () => {
      const scorecard = await scorecardNow();
      if (scorecard) report.show(scorecard);
    }),
    vscode.commands.registerCommand(EXPORT_REPORT_COMMAND, async () => {
      const scorecard = await scorecardNow();
      if (scorecard) await exportReport(scorecard, client);
    }),
    // Fetched afresh, so a caller sees its own edits; the views follow too.
    vscode.commands.registerCommand(GET_SCORECARD_COMMAND, () => source.refresh()),
    vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, async (target: OpenTarget) => {
      await vscode.window.showTextDocument(vscode.Uri.file(target.file), { selection: toRange(target), viewColumn: vscode.ViewColumn.Beside });
    }),
  );
}
