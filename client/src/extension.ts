// The VS Code face: starts the language server, shows its output and its scorecard. It knows no rule.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerScorecard } from './scorecard';

let client: LanguageClient | undefined;

/** Every kind of file the engine reads (server/src/engine/files.ts), by language id or by name. */
const DOCUMENT_SELECTOR = [
  ...['go', 'dockerfile', 'dockercompose', 'yaml', 'shellscript', 'ini', 'properties', 'toml', 'json', 'jsonc'].map((language) => ({ scheme: 'file', language })),
  ...[
    '**/{Dockerfile,Dockerfile.*,Dockerfile-*,*.Dockerfile,Containerfile,dockerfile}',
    '**/{Procfile,Procfile.*}',
    '**/{.env,.env.*,*.env}',
    '**/{go.mod,package.json,requirements*.txt}',
  ].map((pattern) => ({ scheme: 'file', pattern })),
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activating = Date.now();
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Twelve-Factor', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    synchronize: { configurationSection: 'twelveFactor', fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.go,go.mod,go.sum,package.json,*lock*,.gitignore,Procfile,Dockerfile*,*.y*ml,.env*}') },
    // The client library's default error handler restarts a crashed server (up to 4 times in 3 minutes).
  };
  client = new LanguageClient('twelveFactor', 'Twelve-Factor', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    registerScorecard(client, outputChannel),
    vscode.commands.registerCommand('twelveFactor.showDocumentation', (docs: unknown) => showDocumentation(context, docs)),
  );
  await client.start();
  outputChannel.info(`activated in ${Date.now() - activating} ms (language server started)`);
}

/** A rule's doc as the server names it (the "Show documentation" code action). */
interface DocsLink {
  ruleId: string;
  path: string;
  url: string;
}

function isDocsLink(value: unknown): value is DocsLink {
  const v = value as Partial<DocsLink> | undefined;
  return typeof v?.ruleId === 'string' && typeof v.path === 'string' && typeof v.url === 'string';
}

/**
 * Opens the rule's doc shipped in the extension (docs/rules/<id>.md) as a Markdown preview; the
 * factor's page on the web when the doc is not there.
 */
async function showDocumentation(context: vscode.ExtensionContext, docs: unknown): Promise<void> {
  if (!isDocsLink(docs)) return;
  // Only a doc under docs/rules/ of the extension, whatever the argument says.
  if (/^docs\/rules\/[\w\-/]+\.md$/.test(docs.path) && !docs.path.includes('..')) {
    const file = vscode.Uri.file(context.asAbsolutePath(docs.path));
    try {
      await vscode.workspace.fs.stat(file);
      await vscode.commands.executeCommand('markdown.showPreview', file);
      return;
    } catch {
      // not shipped: the web page below
    }
  }
  if (/^https:\/\//.test(docs.url)) await vscode.env.openExternal(vscode.Uri.parse(docs.url));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
