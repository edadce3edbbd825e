// The Scorecard tree: model.ts nodes as TreeItems. Ids are stable, so expanded factors stay
// expanded across updates; one change event per update.
import * as vscode from 'vscode';
import { scorecardTree, type IconRef, type ScoreNode } from './model';
import type { Scorecard } from '../../../server/src/engine/scorecard/types';
import type { OpenTarget } from './format';

export class ScorecardTreeProvider implements vscode.TreeDataProvider<ScoreNode> {
  private roots: ScoreNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  update(scorecard: Scorecard): void {
    this.roots = scorecardTree(scorecard);
    this.changed.fire();
  }

  getChildren(node?: ScoreNode): ScoreNode[] {
    return node ? node.children : this.roots;
  }

  getTreeItem(node: ScoreNode): vscode.TreeItem {
    const collapsible =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.kind === 'app'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = new vscode.MarkdownString(node.tooltip);
    item.iconPath = themeIcon(node.icon);
    item.contextValue = node.kind;
    if (node.open) item.command = openCommand(node.open);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function themeIcon(icon: IconRef): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

function openCommand(target: OpenTarget): vscode.Command {
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [vscode.Uri.file(target.file), { selection: toRange(target) } satisfies vscode.TextDocumentShowOptions],
  };
}

export function toRange({ range }: OpenTarget): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
