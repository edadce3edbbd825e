// The language server: a thin LSP face on the engine. Documents are analysed on open and on every
// change (no save needed); diagnostics are published only for the version they were computed on.
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction as LspCodeAction,
  type CodeActionParams,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULE_METAS, docsLinkOf, Engine, indexFiles, languageOf, scorecard, type AnalyzeInput, type Evidence, type Finding, type Overrides, type Scorecard, type Severity } from './engine';
import { DiskFileSystem, readTextFile } from './diskFs';
import {
  EXPORT_SARIF_REQUEST,
  RESCAN_REQUEST,
  SCORECARD_CHANGED_DEBOUNCE_MS,
  SCORECARD_CHANGED_NOTIFICATION,
  SCORECARD_REQUEST,
  type ExportSarifParams,
  type ScorecardParams,
} from './protocol';
import { buildReport } from './scan/report';
import { formatSarif } from './scan/formats/sarif';
import { packageVersion } from './version';
import { findingsOf, FIX_ALL_KIND, toLspCodeAction, toWorkspaceEdit, wanted, type EditSupport } from './codeActions';
import { walk } from './scan/walker';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const fileSystem = new DiskFileSystem({ keepListings: true });
let engine: Engine | undefined;
let workspaceFolders: string[] = [];

/** The `twelveFactor.*` settings, as the client's configuration gives them. */
interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, string>;
  exclude: string[];
  /** `workspace`: files that are not open get diagnostics from a background scan too. */
  scope: 'open' | 'workspace';
}

const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', rules: {}, exclude: [], scope: 'workspace' };
let settings: Settings = DEFAULT_SETTINGS;
let canPullConfiguration = false;

function readSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as Partial<Record<keyof Settings | 'diagnostics', unknown>>;
  const scope = (value.diagnostics as { scope?: unknown } | undefined)?.scope;
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    run: value.run === 'onSave' ? 'onSave' : 'onType',
    rules: value.rules && typeof value.rules === 'object' ? (value.rules as Record<string, string>) : {},
    exclude: Array.isArray(value.exclude) ? value.exclude.filter((g): g is string => typeof g === 'string') : [],
    scope: scope === 'open' ? 'open' : 'workspace',
  };
}

/** Settings changed: every open document is analysed again under them, without a reload. */
async function refreshSettings(pushed?: unknown): Promise<void> {
  if (canPullConfiguration) {
    // One request for both sections, so a change is applied whole.
    const [own, files] = (await connection.workspace.getConfiguration([{ section: 'twelveFactor' }, { section: 'files' }])) as unknown[];
    settings = readSettings(own);
    filesExclude = globsOf((files as { exclude?: unknown } | null)?.exclude);
  } else {
    settings = readSettings(pushed);
  }
  for (const uri of documents.keys()) schedule(uri);
  void scanWorkspace();
  // Enabling, disabling or a rule's new severity changes the scorecard, whatever the scan finds.
  scorecardChanged();
}

/** VS Code's `files.exclude`: the globs set to true. */
let filesExclude: string[] = [];

function globsOf(exclude: unknown): string[] {
  if (!exclude || typeof exclude !== 'object') return [];
  return Object.entries(exclude as Record<string, unknown>).flatMap(([glob, on]) => (on === true ? [glob.replace(/^\*\*\//, '')] : []));
}

function overrides(): Overrides {
  return { rules: settings.rules, exclude: [...settings.exclude, ...filesExclude] };
}

/** Files the background scan published diagnostics for (not open in the editor). */
const scanned = new Set<string>();
let scanGeneration = 0;

/**
 * Diagnostics for the files that are not open: the workspace folders walked as the CLI walks them
 * (.gitignore respected; .git, node_modules, vendor skipped), reported with `$/progress`, cancellable,
 * yielding between files so edits in open documents go first. A newer scan stops an older one.
 */
async function scanWorkspace(): Promise<void> {
  const generation = ++scanGeneration;
  for (const uri of scanned) if (!documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  scanned.clear();
  if (!engine || !settings.enable || settings.scope !== 'workspace' || workspaceFolders.length === 0) return;
  const files = walk(workspaceFolders, () => undefined);
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Twelve-Factor', 0, `scanning ${files.length} files`, true);
  try {
    for (let i = 0; i < files.length; i++) {
      if (generation !== scanGeneration || progress.token.isCancellationRequested) return;
      const uri = pathToFileURL(files[i].absPath).href;
      if (!documents.get(uri)) publishFromDisk(uri, files[i].absPath);
      if (i % 20 === 19) {
        progress.report(Math.round(((i + 1) * 100) / files.length), `${i + 1}/${files.length} files`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    progress.done();
  }
}

/** What the scorecard knows of a file: its findings (app-level ones included) and its evidence. */
interface FileResult {
  findings: Finding[];
  evidence: Evidence[];
}

/** By absolute path: open documents as edited, other files as on disk. */
const results = new Map<string, FileResult>();
let scorecardChangedTimer: NodeJS.Timeout | undefined;

/** Findings or evidence changed: the client hears it once the changes settle. */
function scorecardChanged(): void {
  if (scorecardChangedTimer) clearTimeout(scorecardChangedTimer);
  scorecardChangedTimer = setTimeout(() => {
    scorecardChangedTimer = undefined;
    void connection.sendNotification(SCORECARD_CHANGED_NOTIFICATION);
  }, SCORECARD_CHANGED_DEBOUNCE_MS);
}

function record(filePath: string, result: FileResult | undefined): void {
  const before = results.get(filePath);
  if (result) results.set(filePath, result);
  else results.delete(filePath);
  if (JSON.stringify(before) !== JSON.stringify(result)) scorecardChanged();
}

/** Analyses a file as it is on disk and records the result; undefined when it cannot be read. */
function analyseFromDisk(filePath: string): FileResult | undefined {
  if (!engine) return undefined;
  const read = readTextFile(filePath);
  if (!('text' in read)) {
    record(filePath, undefined);
    return undefined;
  }
  const input = { path: filePath, text: read.text, relativePath: relativeToWorkspace(filePath), overrides: overrides() };
  const result = { findings: engine.analyze(input), evidence: engine.evidence(input) };
  record(filePath, result);
  return result;
}

/**
 * The scorecard of the workspace folders (or of `root`): every file the scan walk finds, from the
 * results already held, analysing from disk what has none yet (in `open` scope, or before the
 * background scan got there).
 */
/** The current findings and evidence of every file under the requested folders (by default, the workspace folders). */
function workspaceResults(params: ScorecardParams | undefined): { root: string; files: string[]; findings: Finding[]; evidence: Evidence[] } {
  const requested = params?.root ? [params.root.startsWith('file:') ? fileURLToPath(params.root) : path.resolve(params.root)] : workspaceFolders;
  const root = requested.length > 0 ? requested.reduce(commonFolder) : '';
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  if (!engine || !settings.enable || requested.length === 0) return { root, files: [], findings, evidence };
  // Edits that arrived before the request count: the documents waiting for analysis are analysed now.
  for (const uri of [...queued]) {
    queued.delete(uri);
    validate(uri);
  }
  gatherPendingEvidence();
  const files = filesUnder(requested);
  for (const file of files) {
    let result = results.get(file);
    if (!result) {
      try {
        result = analyseFromDisk(file);
      } catch (error) {
        connection.console.error(`analysis of ${file} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    if (!result) continue;
    findings.push(...result.findings);
    evidence.push(...result.evidence);
  }
  return { root, files, findings, evidence };
}

/**
 * The files the scorecard counts under some folders, as the scan walks them. Kept between requests (the
 * client asks after every change it hears of): only files created or deleted on disk change the list,
 * and those arrive as watched-file events, which drop it.
 */
const walkedFiles = new Map<string, string[]>();

function filesUnder(folders: string[]): string[] {
  const key = folders.join('\0');
  let files = walkedFiles.get(key);
  if (!files) walkedFiles.set(key, (files = walk(folders, () => undefined).map((f) => f.absPath)));
  return files;
}

function computeScorecard(params: ScorecardParams | undefined): Scorecard {
  const { root, files, findings, evidence } = workspaceResults(params);
  if (!engine || files.length === 0) return { root, apps: [] };
  const workspace = engine.workspace;
  return scorecard(findings, evidence, indexFiles(root, files, (p) => workspace.readFile(p)));
}

function exportSarif(params: ExportSarifParams | undefined): unknown {
  const { root, files, findings } = workspaceResults(params);
  return JSON.parse(formatSarif(buildReport(root, findings, files.length), { version: packageVersion(), rules: ALL_RULE_METAS }));
}

function commonFolder(a: string, b: string): string {
  let common = a;
  while (path.relative(common, b).startsWith('..')) common = path.dirname(common);
  return common;
}

/** Analyses a file that is not open, as it is on disk, and publishes its diagnostics (no version). */
function publishFromDisk(uri: string, filePath: string): void {
  if (!engine) return;
  try {
    const result = analyseFromDisk(filePath);
    if (!result) {
      if (scanned.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const diagnostics = result.findings.filter((f) => !APP_LEVEL_RULE_IDS.has(f.ruleId)).map(toDiagnostic);
    // Clean files are not announced, unless they had diagnostics to withdraw.
    if (diagnostics.length === 0 && !scanned.has(uri)) return;
    scanned.add(uri);
    void connection.sendDiagnostics({ uri, diagnostics });
  } catch (error) {
    connection.console.error(`analysis of ${filePath} failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

/** App-level findings (no version control, no process model) belong to the CLI and the scorecard, not to squiggles. */
const APP_LEVEL_RULE_IDS = new Set(ALL_RULE_METAS.filter((m) => m.appLevel).map((m) => m.id));

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

connection.onInitialize(async (params): Promise<InitializeResult> => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
  editSupport = { documentChanges: !!workspaceEdit?.documentChanges, createFiles: !!workspaceEdit?.resourceOperations?.includes('create') };
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
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorExtract, FIX_ALL_KIND] },
    },
    serverInfo: { name: 'twelve-factor' },
  };
});

connection.onRequest(SCORECARD_REQUEST, (params: ScorecardParams | undefined) => computeScorecard(params));
connection.onRequest(EXPORT_SARIF_REQUEST, (params: ExportSarifParams | undefined) => exportSarif(params));
connection.onRequest(RESCAN_REQUEST, async () => {
  // Everything not open is read from disk again: caches of file contents, git and the results held.
  walkedFiles.clear();
  engine?.workspace.invalidate();
  fileSystem.invalidate();
  for (const filePath of [...results.keys()]) if (!documents.get(pathToFileURL(filePath).href)) results.delete(filePath);
  await scanWorkspace();
  scorecardChanged();
});

connection.onInitialized(() => {
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const removed = new Set(folderPaths(event.removed));
    workspaceFolders = workspaceFolders.filter((f) => !removed.has(f)).concat(folderPaths(event.added));
    void scanWorkspace();
    scorecardChanged();
  });
  if (canPullConfiguration) void refreshSettings();
  else void scanWorkspace();
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
  const input = { path: filePath, text: document.getText(), relativePath: relativeToWorkspace(filePath), overrides: overrides() };
  let findings: Finding[];
  try {
    findings = engine.analyze(input);
  } catch (error) {
    connection.console.error(`analysis of ${filePath} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return;
  }
  // A newer version arrived while this one was analysed: its own run will publish.
  if (documents.get(uri)?.version !== version) return;
  published.set(uri, { version, findings });
  void connection.sendDiagnostics({ uri, version, diagnostics: findings.filter((f) => !APP_LEVEL_RULE_IDS.has(f.ruleId)).map(toDiagnostic) });
  // Evidence only feeds the scorecard: gathered once typing pauses, so diagnostics never wait for it.
  pendingEvidence.set(filePath, { uri, version, input, findings });
  if (evidenceTimer) clearTimeout(evidenceTimer);
  evidenceTimer = setTimeout(gatherPendingEvidence, EVIDENCE_DELAY_MS);
}

const EVIDENCE_DELAY_MS = 150;
/** Open documents analysed whose evidence is not gathered yet, by path. */
const pendingEvidence = new Map<string, { uri: string; version: number; input: AnalyzeInput; findings: Finding[] }>();
let evidenceTimer: NodeJS.Timeout | undefined;

function gatherPendingEvidence(): void {
  evidenceTimer = undefined;
  for (const [filePath, { uri, version, input, findings }] of pendingEvidence) {
    pendingEvidence.delete(filePath);
    if (!engine || documents.get(uri)?.version !== version) continue;
    try {
      record(filePath, { findings, evidence: engine.evidence(input) });
    } catch (error) {
      connection.console.error(`evidence of ${filePath} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
}

/** The findings last published for each open document, by the version they were computed on. */
const published = new Map<string, { version: number; findings: Finding[] }>();

/** How the client takes WorkspaceEdits (from its capabilities). */
let editSupport: EditSupport = { documentChanges: false, createFiles: false };

/**
 * Quick fixes, suppressions and docs for the diagnostics at the cursor (ESLint's order, from the
 * engine), refactors at the range, and the file's safe fixes when `source.fixAll.twelveFactor` is asked for.
 */
connection.onCodeAction((params: CodeActionParams): LspCodeAction[] => {
  const uri = params.textDocument.uri;
  const document = documents.get(uri);
  if (!document || !engine || !settings.enable || !uri.startsWith('file:')) return [];
  const filePath = fileURLToPath(uri);
  if (!languageOf(filePath)) return [];
  const input: AnalyzeInput = { path: filePath, text: document.getText(), relativePath: relativeToWorkspace(filePath), overrides: overrides() };
  const versionOf = (u: string): number | undefined => documents.get(u)?.version;
  const only = params.context.only;
  const actions: LspCodeAction[] = [];
  try {
    if (only && wanted(FIX_ALL_KIND, only)) {
      const edits = engine.fixAll(input);
      const edit = edits.length > 0 ? toWorkspaceEdit([{ kind: 'edit', path: filePath, edits }], editSupport, versionOf) : undefined;
      if (edit) actions.push({ title: 'Fix all safe Twelve-Factor problems', kind: FIX_ALL_KIND, edit });
    }
    const quickfixes = wanted(CodeActionKind.QuickFix, only);
    const refactors = wanted(CodeActionKind.RefactorExtract, only);
    if (!quickfixes && !refactors) return actions;
    const current = published.get(uri);
    const findings = current?.version === document.version ? current.findings : engine.analyze(input);
    const matched = quickfixes ? findingsOf(params.context.diagnostics, findings) : [];
    const diagnosticOf = (f: Finding): Diagnostic | undefined => matched.find((m) => m.finding === f)?.diagnostic;
    for (const action of engine.codeActions(input, matched.map((m) => m.finding), refactors ? params.range : undefined)) {
      const lsp = toLspCodeAction(action, diagnosticOf, editSupport, versionOf);
      if (lsp?.kind && wanted(lsp.kind, only)) actions.push(lsp);
    }
  } catch (error) {
    connection.console.error(`code actions for ${filePath} failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
  return actions;
});

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
    codeDescription: { href: docsLinkOf(finding.ruleId).url },
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
  // A document is analysed when it opens, whatever `run` says.
  scheduleWithNeighbours(event.document.uri);
});

documents.onDidChangeContent((event) => {
  if (event.document.uri.startsWith('file:')) fileSystem.overlay.set(fileURLToPath(event.document.uri), event.document.getText());
  if (settings.run === 'onType') scheduleWithNeighbours(event.document.uri);
});

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
  published.delete(uri);
  // In workspace scope a closed file keeps its diagnostics, now as the disk has it.
  if (settings.enable && settings.scope === 'workspace' && uri.startsWith('file:') && languageOf(fileURLToPath(uri))) {
    scanned.add(uri); // its editor diagnostics are withdrawn even when the disk version is clean
    publishFromDisk(uri, fileURLToPath(uri));
  } else {
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    // The scorecard reads it from disk again when next asked.
    if (uri.startsWith('file:')) record(fileURLToPath(uri), undefined);
  }
});

/** Files whose change can alter findings anywhere below them: the whole workspace is scanned again. */
const WORKSPACE_WIDE = /(^|\/)(\.gitignore|\.twelve-factor\.ya?ml|go\.mod|package\.json|Procfile|Dockerfile[^/]*|(docker[-_])?compose[^/]*\.ya?ml)$/;

connection.onDidChangeWatchedFiles((params) => {
  walkedFiles.clear();
  engine?.workspace.invalidate();
  fileSystem.invalidate();
  for (const uri of documents.keys()) schedule(uri);
  if (!settings.enable || settings.scope !== 'workspace') {
    // No scan keeps the unopened files' results current: they are read again when the scorecard is asked for.
    const open = new Set([...documents.keys()].filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
    for (const filePath of [...results.keys()]) if (!open.has(filePath)) record(filePath, undefined);
    return;
  }
  // A file the scan has not seen (created, or clean until now) must pass the scan's .gitignore walk.
  const unseen = (c: FileEvent): boolean => c.type !== FileChangeType.Deleted && !documents.get(c.uri) && !scanned.has(c.uri);
  if (params.changes.some((c) => WORKSPACE_WIDE.test(c.uri) || unseen(c))) {
    void scanWorkspace();
    return;
  }
  // Other changes reach their own folder (a Go package, a lockfile next to its manifest): only the
  // changed files and the scanned files beside them are analysed again, not the whole workspace.
  const folders = new Set(params.changes.map((c) => path.posix.dirname(c.uri)));
  // Clean files the scorecard holds count too: a deleted go.sum takes its go.mod's evidence with it.
  const held = [...results.keys()].map((p) => pathToFileURL(p).href);
  const affected = new Set([...params.changes.map((c) => c.uri), ...[...scanned, ...held].filter((uri) => folders.has(path.posix.dirname(uri)))]);
  for (const uri of affected) {
    if (documents.get(uri) || !uri.startsWith('file:') || !languageOf(fileURLToPath(uri))) continue;
    scanned.add(uri); // a deleted or now clean file has its diagnostics withdrawn
    publishFromDisk(uri, fileURLToPath(uri));
  }
});

documents.listen(connection);
connection.listen();

