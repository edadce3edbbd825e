// A small LSP client for tests and benchmarks: spawns the bundled server, speaks JSON-RPC over its
// stdio (Content-Length framing, request ids), answers the server's own requests, and records every
// notification with its arrival time so callers can wait for one.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { fileURLToPath, pathToFileURL } from 'url';
import type { CreateFile, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextEdit } from '../../server/src/engine';
import { applyEdits } from '../helpers/fixes';

/** Repository root, seen from out/test/lsp/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist', 'server.js');

export const DEFAULT_TIMEOUT_MS = 10_000;

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface ReceivedNotification {
  method: string;
  params: unknown;
  /** performance.now() when the message was read off the pipe. */
  at: number;
}

export class ResponseError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

interface Waiter {
  method: string;
  after: number;
  match: (params: unknown) => boolean;
  resolve: (n: ReceivedNotification) => void;
}

export interface StartOptions {
  /** Server script; the bundled server by default. */
  serverModule?: string;
  /** Extra arguments for node before the script, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  cwd?: string;
}

export class LspClient {
  /** Every notification from the server, in arrival order. */
  readonly notifications: ReceivedNotification[] = [];
  /** Exit code of the server process (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  private stderrText = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private waiters: Waiter[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const { reject } of this.pending.values()) reject(new Error(`server exited before answering\n${this.stderrText}`));
      this.pending.clear();
    });
  }

  static start(options: StartOptions = {}): LspClient {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverModule ?? SERVER_BUNDLE, '--stdio'], {
      cwd: options.cwd ?? REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new LspClient(child);
  }

  /**
   * A server initialised on `workspaceFolder` that has pulled its settings. The server re-analyses every
   * open document once it has them: waiting for that keeps a later publish from landing after a test's mark.
   */
  static async startIn(workspaceFolder: string, workspaceCapabilities: Record<string, unknown> = {}): Promise<{ client: LspClient; initializeResult: unknown }> {
    const client = LspClient.start();
    const settingsRead = client.nextSettingsRead();
    const initializeResult = await client.initialize(workspaceFolder, workspaceCapabilities);
    await settingsRead;
    return { client, initializeResult };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): string {
    return this.stderrText;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    return withTimeout(
      new Promise<T>((resolve, reject) => {
        this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        this.send({ jsonrpc: '2.0', id, method, params });
      }),
      timeoutMs,
      () => {
        this.pending.delete(id);
        return `no response to ${method} within ${timeoutMs} ms`;
      },
    );
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * The first notification `method` at index ≥ `after` in `notifications` whose params match;
   * waits for it when it has not arrived yet.
   */
  waitForNotification<P = unknown>(
    method: string,
    match: (params: P) => boolean = () => true,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedNotification & { params: P }> {
    const after = options.after ?? 0;
    const test = match as (params: unknown) => boolean;
    for (let i = after; i < this.notifications.length; i++) {
      const n = this.notifications[i];
      if (n.method === method && test(n.params)) return Promise.resolve(n as ReceivedNotification & { params: P });
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let waiter: Waiter | undefined;
    return withTimeout(
      new Promise<ReceivedNotification & { params: P }>((resolve) => {
        waiter = { method, after, match: test, resolve: resolve as (n: ReceivedNotification) => void };
        this.waiters.push(waiter);
      }),
      timeoutMs,
      () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        return `no ${method} matching the wait within ${timeoutMs} ms${this.running ? '' : ' (server exited)'}\n${this.stderrText}`;
      },
    );
  }

  /** publishDiagnostics for `uri` computed on `version`. */
  diagnostics(uri: string, version: number, options: { after?: number; timeoutMs?: number } = {}): Promise<PublishDiagnosticsParams> {
    return this.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.version === version,
      options,
    ).then((n) => n.params);
  }

  /** Every publishDiagnostics received for `uri`, in order. */
  published(uri: string): PublishDiagnosticsParams[] {
    return this.notifications
      .filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === uri)
      .map((n) => n.params as PublishDiagnosticsParams);
  }

  /** initialize + initialized with the given workspace folder; `workspaceCapabilities` add to the client's `workspace` capabilities. */
  async initialize(workspaceFolder: string, workspaceCapabilities: Record<string, unknown> = {}): Promise<unknown> {
    const uri = pathToFileURL(workspaceFolder).href;
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(workspaceFolder) }],
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
        workspace: { workspaceFolders: true, configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, ...workspaceCapabilities },
        window: { workDoneProgress: true },
      },
    });
    this.notify('initialized', {});
    return result;
  }

  /** shutdown + exit; resolves with the process exit code. */
  async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    await this.request('shutdown', null, timeoutMs);
    this.notify('exit', null);
    return withTimeout(this.exited, timeoutMs, () => `server did not exit within ${timeoutMs} ms after exit`);
  }

  kill(): void {
    if (this.running) this.child.kill();
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = /Content-Length:\s*(\d+)/i.exec(header);
      if (!length) throw new Error(`LSP message without Content-Length: ${header}`);
      const bodyStart = headerEnd + 4;
      const bodyEnd = bodyStart + Number(length[1]);
      if (this.buffer.length < bodyEnd) return;
      const message = JSON.parse(this.buffer.subarray(bodyStart, bodyEnd).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(bodyEnd);
      this.dispatch(message, performance.now());
    }
  }

  private dispatch(message: Message, at: number): void {
    if (message.method !== undefined && message.id !== undefined) {
      this.answerServerRequest(message);
    } else if (message.method !== undefined) {
      const notification = { method: message.method, params: message.params, at };
      const index = this.notifications.push(notification) - 1;
      for (const w of this.waiters.filter((w) => w.method === notification.method && index >= w.after && w.match(notification.params))) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(notification);
      }
    } else if (typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new ResponseError(message.error.code, message.error.message));
      else pending.resolve(message.result);
    }
  }

  /** What `workspace/configuration` answers for the `twelveFactor` section (the editor's settings). */
  settings: Record<string, unknown> | null = null;
  /** What `workspace/configuration` answers for the `files` section (`files.exclude`). */
  filesSettings: Record<string, unknown> | null = null;
  /** Resolved when the server next reads the settings, with the notification count at that moment. */
  private settingsReaders: ((notificationCount: number) => void)[] = [];

  /** Waits until the server reads the settings; returns how many notifications had arrived by then. */
  nextSettingsRead(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number> {
    return withTimeout(new Promise<number>((resolve) => this.settingsReaders.push(resolve)), timeoutMs, () => 'the server did not read the settings');
  }

  /** The server asks things of its client (register a file watcher, read settings): say yes, give `settings`. */
  private answerServerRequest(message: Message): void {
    let result: unknown = null;
    if (message.method === 'workspace/configuration') {
      const items = (message.params as { items?: { section?: string }[] } | undefined)?.items ?? [];
      result = items.map((item) => (item.section === 'twelveFactor' ? this.settings : item.section === 'files' ? this.filesSettings : null));
      for (const reader of this.settingsReaders.splice(0)) reader(this.notifications.length);
    }
    this.send({ jsonrpc: '2.0', id: message.id, result });
  }
}

/** An open text document mirrored on the client side, edited with range-based (incremental) changes. */
export class TextDocumentMirror {
  version = 1;

  constructor(readonly client: LspClient, readonly uri: string, public text: string, readonly languageId = 'go') {}

  static forFile(client: LspClient, absPath: string, text: string): TextDocumentMirror {
    return new TextDocumentMirror(client, pathToFileURL(absPath).href, text);
  }

  open(): number {
    this.client.notify('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: this.languageId, version: this.version, text: this.text } });
    return this.version;
  }

  /** Replace [start, end) (UTF-16 offsets) with `newText`; sends one didChange; returns the new version. */
  edit(start: number, end: number, newText: string): number {
    const range = { start: this.positionAt(start), end: this.positionAt(end) };
    this.text = this.text.slice(0, start) + newText + this.text.slice(end);
    this.version++;
    this.client.notify('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ range, text: newText }],
    });
    return this.version;
  }

  insert(offset: number, text: string): number {
    return this.edit(offset, offset, text);
  }

  delete(start: number, end: number): number {
    return this.edit(start, end, '');
  }

  close(): void {
    this.client.notify('textDocument/didClose', { textDocument: { uri: this.uri } });
  }

  /** Diagnostics published for the current version. */
  diagnostics(options: { after?: number; timeoutMs?: number } = {}): Promise<Diagnostic[]> {
    return this.client.diagnostics(this.uri, this.version, options).then((p) => p.diagnostics);
  }

  positionAt(offset: number): { line: number; character: number } {
    let line = 0;
    let lineStart = 0;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, character: offset - lineStart };
  }

  /** Offset just after the first occurrence of `marker` (throws when absent, so tests fail loudly). */
  offsetAfter(marker: string): number {
    const index = this.text.indexOf(marker);
    if (index === -1) throw new Error(`marker ${JSON.stringify(marker)} not in ${this.uri}`);
    return index + marker.length;
  }
}

/**
 * Applies a WorkspaceEdit as an editor would: an open document's edit must name its current version
 * and goes in as a change; other files are created or written on disk and announced as watched-file
 * events. `open` maps the URIs of the open documents to their mirrors.
 */
export function applyWorkspaceEdit(client: LspClient, edit: WorkspaceEdit | undefined, open: ReadonlyMap<string, TextDocumentMirror>): void {
  assert.ok(edit?.documentChanges, 'a documentChanges edit');
  const events: { uri: string; type: number }[] = [];
  for (const change of edit.documentChanges) {
    if ('kind' in change) {
      const create = change as CreateFile;
      assert.equal(create.kind, 'create');
      const file = fileURLToPath(create.uri);
      assert.ok(!fs.existsSync(file), `${file} is not overwritten`);
      fs.writeFileSync(file, '');
      events.push({ uri: create.uri, type: 1 });
      continue;
    }
    const { textDocument, edits } = change as TextDocumentEdit;
    const doc = open.get(textDocument.uri);
    if (doc) {
      assert.equal(textDocument.version, doc.version, 'the edit is for the version the editor has');
      doc.edit(0, doc.text.length, applyEdits(doc.text, edits as TextEdit[]));
    } else {
      assert.equal(textDocument.version, null);
      const file = fileURLToPath(textDocument.uri);
      fs.writeFileSync(file, applyEdits(fs.readFileSync(file, 'utf8'), edits as TextEdit[]));
      if (!events.some((e) => e.uri === textDocument.uri)) events.push({ uri: textDocument.uri, type: 2 });
    }
  }
  if (events.length > 0) client.notify('workspace/didChangeWatchedFiles', { changes: events });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
