// The language server: a thin LSP face on the engine. Documents are analysed on open and on every
// change (no save needed); diagnostics are published only for the version they were computed on.
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, factorOf, languageOf, type Finding, type Severity } from './engine';
import { DiskFileSystem } from './diskFs';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const fileSystem = new DiskFileSystem();
let engine: Engine | undefined;
let workspaceFolders: string[] = [];

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

connection.onInitialize(async (params): Promise<InitializeResult> => {
  workspaceFolders = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []));
  engine = await Engine.create({
    fs: fileSystem,
    wasmDir: __dirname,
    onRuleError: (id, error) => connection.console.error(`rule ${id} failed: ${error instanceof Error ? error.stack : String(error)}`),
  });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'twelve-factor' },
  };
});

connection.onInitialized(() => {
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const removed = new Set(folderPaths(event.removed));
    workspaceFolders = workspaceFolders.filter((f) => !removed.has(f)).concat(folderPaths(event.added));
  });
  // Ask for file events where the client supports dynamic registration; the client may also send them unasked.
  void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/{*.go,go.mod}' }] }).catch(() => undefined);
});

function folderPaths(folders: WorkspaceFolder[]): string[] {
  return folders.flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
}

/** Documents waiting to be analysed, in order; a burst of edits is analysed once, at its last version. */
let queued = new Set<string>();
let flushScheduled = false;

/** `first`: the document the user is editing, whose diagnostics they are waiting for. */
function schedule(uri: string, first = false): void {
  if (first) queued = new Set([uri, ...queued]);
  else queued.add(uri);
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flush);
}

/**
 * One document per turn of the event loop: the connection writes in a later turn, so analysing the
 * next document first would hold back the diagnostics already computed; edits that arrived meanwhile
 * are also read before the next analysis.
 */
function flush(): void {
  flushScheduled = false;
  const [uri] = queued;
  if (uri === undefined) return;
  queued.delete(uri);
  validate(uri);
  if (queued.size > 0) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

function validate(uri: string): void {
  const document = documents.get(uri);
  if (!document || !engine || !uri.startsWith('file:')) return;
  const filePath = fileURLToPath(uri);
  if (!languageOf(filePath)) return;
  const version = document.version;
  const text = document.getText();
  let findings: Finding[];
  try {
    findings = engine.analyze({ path: filePath, text, relativePath: relativeToWorkspace(filePath) });
  } catch (error) {
    connection.console.error(`analysis of ${filePath} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return;
  }
  // A newer version arrived while this one was analysed: its own run will publish.
  if (documents.get(uri)?.version !== version) return;
  void connection.sendDiagnostics({ uri, version, diagnostics: findings.map(toDiagnostic) });
}

function relativeToWorkspace(filePath: string): string {
  const folder = workspaceFolders
    .filter((f) => filePath === f || filePath.startsWith(f + path.sep))
    .sort((a, b) => b.length - a.length)[0];
  return folder ? path.relative(folder, filePath).split(path.sep).join('/') : path.basename(filePath);
}

function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: 'twelve-factor',
    code: finding.ruleId,
    codeDescription: { href: factorOf(finding.factor).url },
    message: finding.message,
    data: finding.data,
  };
}

/** Files of one Go package see each other (a map declared here, written there): re-check the neighbours. */
function scheduleWithNeighbours(uri: string): void {
  schedule(uri, true);
  const dir = path.dirname(uri);
  for (const other of documents.keys()) if (other !== uri && path.dirname(other) === dir) schedule(other);
}

documents.onDidOpen((event) => {
  if (event.document.uri.startsWith('file:')) fileSystem.overlay.set(fileURLToPath(event.document.uri), event.document.getText());
});

documents.onDidChangeContent((event) => {
  if (event.document.uri.startsWith('file:')) fileSystem.overlay.set(fileURLToPath(event.document.uri), event.document.getText());
  scheduleWithNeighbours(event.document.uri);
});

documents.onDidClose((event) => {
  const uri = event.document.uri;
  if (uri.startsWith('file:')) {
    const filePath = fileURLToPath(uri);
    fileSystem.overlay.delete(filePath);
    engine?.forget(filePath);
  }
  queued.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles(() => {
  engine?.workspace.invalidate();
  for (const uri of documents.keys()) schedule(uri);
});

documents.listen(connection);
connection.listen();

