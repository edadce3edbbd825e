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
import { ALL_RULE_METAS, Engine, factorOf, languageOf, type Finding, type Overrides, type Severity } from './engine';
import { DiskFileSystem } from './diskFs';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const fileSystem = new DiskFileSystem();
let engine: Engine | undefined;
let workspaceFolders: string[] = [];

/** The `twelveFactor.*` settings, as the client's configuration gives them. */
interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, string>;
  exclude: string[];
}

const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', rules: {}, exclude: [] };
let settings: Settings = DEFAULT_SETTINGS;
let canPullConfiguration = false;

function readSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as Partial<Record<keyof Settings, unknown>>;
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    run: value.run === 'onSave' ? 'onSave' : 'onType',
    rules: value.rules && typeof value.rules === 'object' ? (value.rules as Record<string, string>) : {},
    exclude: Array.isArray(value.exclude) ? value.exclude.filter((g): g is string => typeof g === 'string') : [],
  };
}

/** Settings changed: every open document is analysed again under them, without a reload. */
async function refreshSettings(pushed?: unknown): Promise<void> {
  settings = canPullConfiguration ? readSettings(await connection.workspace.getConfiguration('twelveFactor')) : readSettings(pushed);
  for (const uri of documents.keys()) schedule(uri);
}

/** Engine-level rules (bad directives, a bad settings file) break no factor: they link to their docs' index. */
const ENGINE_RULE_IDS = new Set(ALL_RULE_METAS.filter((m) => m.engine).map((m) => m.id));
/** App-level findings (no version control, no process model) belong to the CLI and the scorecard, not to squiggles. */
const APP_LEVEL_RULE_IDS = new Set(ALL_RULE_METAS.filter((m) => m.appLevel).map((m) => m.id));

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

connection.onInitialize(async (params): Promise<InitializeResult> => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  settings = readSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
  workspaceFolders = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []));
  engine = await Engine.create({
    fs: fileSystem,
    wasmDir: __dirname,
    onRuleError: (id, error) => connection.console.error(`rule ${id} failed: ${error instanceof Error ? error.stack : String(error)}`),
  });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
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
  if (canPullConfiguration) void refreshSettings();
  // Ask for file events where the client supports dynamic registration; the client may also send them unasked.
  void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/{*.go,go.mod,go.sum,package.json,*lock*,.gitignore,.twelve-factor.y*ml,Procfile,Dockerfile*,*.y*ml,.env*}' }] }).catch(() => undefined);
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
  if (!settings.enable) {
    void connection.sendDiagnostics({ uri, version, diagnostics: [] });
    return;
  }
  const text = document.getText();
  const overrides: Overrides = { rules: settings.rules, exclude: settings.exclude };
  let findings: Finding[];
  try {
    findings = engine.analyze({ path: filePath, text, relativePath: relativeToWorkspace(filePath), overrides });
  } catch (error) {
    connection.console.error(`analysis of ${filePath} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return;
  }
  // A newer version arrived while this one was analysed: its own run will publish.
  if (documents.get(uri)?.version !== version) return;
  void connection.sendDiagnostics({ uri, version, diagnostics: findings.filter((f) => !APP_LEVEL_RULE_IDS.has(f.ruleId)).map(toDiagnostic) });
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
    codeDescription: { href: ENGINE_RULE_IDS.has(finding.ruleId) ? 'https://12factor.net/' : factorOf(finding.factor).url },
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
  openedAt.set(event.document.uri, event.document.version);
  if (event.document.uri.startsWith('file:')) fileSystem.overlay.set(fileURLToPath(event.document.uri), event.document.getText());
});

documents.onDidChangeContent((event) => {
  if (event.document.uri.startsWith('file:')) fileSystem.overlay.set(fileURLToPath(event.document.uri), event.document.getText());
  // Opening a document also lands here: it is analysed at once whatever `run` says.
  if (settings.run === 'onType' || event.document.version === openedAt.get(event.document.uri)) scheduleWithNeighbours(event.document.uri);
});

/** Version each document was opened at, so `run: onSave` still analyses a file when it opens. */
const openedAt = new Map<string, number>();

documents.onDidSave((event) => {
  if (settings.run === 'onSave') scheduleWithNeighbours(event.document.uri);
});

connection.onDidChangeConfiguration((change) => {
  void refreshSettings((change.settings as { twelveFactor?: unknown } | null)?.twelveFactor);
});

documents.onDidClose((event) => {
  const uri = event.document.uri;
  if (uri.startsWith('file:')) {
    const filePath = fileURLToPath(uri);
    fileSystem.overlay.delete(filePath);
    engine?.forget(filePath);
  }
  queued.delete(uri);
  openedAt.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles(() => {
  engine?.workspace.invalidate();
  for (const uri of documents.keys()) schedule(uri);
});

documents.listen(connection);
connection.listen();

