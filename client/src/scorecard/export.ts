// Export Report: pick a format, pick a file, write it. JSON is the scorecard itself; SARIF comes from
// the server (the CLI's SARIF); Markdown and HTML from the report renderers.
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Scorecard } from '../../../server/src/engine/scorecard/types';
import { EXPORT_SARIF_REQUEST, type ExportSarifParams } from './protocol';
import { scorecardMarkdown } from '../../../server/src/engine/scorecard/markdown';
import { renderHtml } from './render';

interface Format extends vscode.QuickPickItem {
  extension: string;
  filter: string;
  content(scorecard: Scorecard, client: LanguageClient): Promise<string>;
}

const FORMATS: Format[] = [
  { label: 'Markdown', description: 'for a pull request description', extension: 'md', filter: 'Markdown', content: async (s) => scorecardMarkdown(s) },
  { label: 'JSON', description: 'the scorecard data', extension: 'json', filter: 'JSON', content: async (s) => `${JSON.stringify(s, null, 2)}\n` },
  {
    label: 'SARIF',
    description: 'the findings, for code scanning tools',
    extension: 'sarif',
    filter: 'SARIF',
    content: async (s, client) => `${JSON.stringify(await client.sendRequest(EXPORT_SARIF_REQUEST, { root: s.root } satisfies ExportSarifParams), null, 2)}\n`,
  },
  { label: 'HTML', description: 'a standalone report page', extension: 'html', filter: 'HTML', content: async (s) => renderHtml(s, { kind: 'standalone' }) },
];

export async function exportReport(scorecard: Scorecard, client: LanguageClient): Promise<void> {
  const format = await vscode.window.showQuickPick(FORMATS, { title: 'Export the Twelve-Factor report', placeHolder: 'Format' });
  if (!format) return;
  const target = await vscode.window.showSaveDialog({
    title: `Export the Twelve-Factor report as ${format.label}`,
    defaultUri: vscode.Uri.file(path.join(scorecard.root, `twelve-factor-report.${format.extension}`)),
    filters: { [format.filter]: [format.extension] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(await format.content(scorecard, client), 'utf8'));
  const open = await vscode.window.showInformationMessage(`Twelve-Factor report exported to ${path.basename(target.fsPath)}.`, 'Open');
  if (open) await vscode.commands.executeCommand('vscode.open', target);
}
