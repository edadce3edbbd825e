// The VS Code face: starts the language server and shows its output. It knows no rule.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Twelve-Factor', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'go' }],
    outputChannel,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.go,go.mod}') },
    // The client library's default error handler restarts a crashed server (up to 4 times in 3 minutes).
  };
  client = new LanguageClient('twelveFactor', 'Twelve-Factor', serverOptions, clientOptions);
  context.subscriptions.push(outputChannel);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
