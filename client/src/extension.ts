// The VS Code face: starts the language server and shows its output. It knows no rule.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

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
  context.subscriptions.push(outputChannel);
  await client.start();
  outputChannel.info(`activated in ${Date.now() - activating} ms (language server started)`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
