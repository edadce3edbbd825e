// The bundled language server over real stdio: open, edit incrementally, close, shut down — and the
// diagnostics it publishes for each document version.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspClient, ResponseError, REPO_ROOT, TextDocumentMirror } from './client';

const SECRET = 's3cr3t';
const DSN = `postgres://app:${SECRET}@db.internal/app`;
const CREDENTIAL_RULE = 'config/credential-in-url';

const MAIN_GO = `package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	})
}
`;

/** A Go file of package `pkg` whose function body is `body`. */
function goFile(pkg: string, body: string): string {
  return `package ${pkg}

import (
	"database/sql"
	"fmt"
)

func open() (*sql.DB, error) {
${body}
	fmt.Println("opening")
	return nil, nil
}
`;
}

function credentialFindings(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code === CREDENTIAL_RULE);
}

/** Everything a credential-in-url diagnostic must carry, as the editor shows it. */
function assertCredentialDiagnostic(diagnostic: Diagnostic, line: number): void {
  assert.equal(diagnostic.source, 'twelve-factor');
  assert.equal(diagnostic.code, CREDENTIAL_RULE);
  assert.deepEqual(diagnostic.codeDescription, { href: 'https://12factor.net/config' });
  assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
  assert.equal(diagnostic.range.start.line, line);
  const message = diagnostic.message;
  assert.ok(typeof message === 'string', 'a plain-text message');
  assert.match(message, /^III Config: /);
  assert.ok(message.includes('****'), `password redacted in: ${message}`);
  assert.ok(!message.includes(SECRET), `secret in clear in: ${message}`);
}

/** Published versions of a document never go backwards: a stale result is never published. */
function assertVersionsMonotonic(client: LspClient, uri: string): void {
  const versions = client.published(uri).flatMap((p) => (p.version === undefined ? [] : [p.version]));
  for (let i = 1; i < versions.length; i++) {
    assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}: ${versions.join(',')}`);
  }
}

describe('language server over stdio', () => {
  let tempRoot: string;
  let workspace: string;
  let client: LspClient;

  /** A Go file on disk in its own package folder (so tests do not see each other's documents). */
  function writeGo(pkgDir: string, name: string, text: string): string {
    const dir = path.join(workspace, pkgDir);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  function openGo(pkgDir: string, name: string, text: string): TextDocumentMirror {
    const doc = TextDocumentMirror.forFile(client, writeGo(pkgDir, name, text), text);
    doc.open();
    return doc;
  }

  before(async () => {
    tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-lsp-'));
    // Inside a folder named `test` and with a space: only the path within the workspace decides what is
    // test code, and file URIs are percent-encoded.
    workspace = path.join(tempRoot, 'test', 'my shop');
    fs.mkdirSync(workspace, { recursive: true });
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/shop\n\ngo 1.22\n');
    fs.writeFileSync(path.join(workspace, 'main.go'), MAIN_GO);
    client = LspClient.start();
    // These tests are about open documents; the background scan of the rest has its own test.
    client.settings = { diagnostics: { scope: 'open' } };
    const result = (await client.initialize(workspace)) as { capabilities: { textDocumentSync: { change: number } } };
    assert.equal(result.capabilities.textDocumentSync.change, 2, 'incremental text sync');
  });

  after(() => {
    client.kill();
    fs.rmSync(tempRoot, { recursive: true, force: true });
  });

  test('didOpen publishes the findings for the opened version, with factor, link and a redacted message', async () => {
    const doc = openGo('opened', 'db.go', goFile('opened', `\tdsn := "${DSN}"\n\tdb, err := sql.Open("postgres", dsn)\n\t_ = db\n\t_ = err`));
    const diagnostics = await doc.diagnostics();
    const found = credentialFindings(diagnostics);
    assert.equal(found.length, 1, JSON.stringify(diagnostics));
    assertCredentialDiagnostic(found[0], 8);
    assert.equal(found[0].range.start.character, '\tdsn := '.length);
    assert.equal(found[0].range.end.character, `\tdsn := "${DSN}"`.length);
    const clean = openGo('opened', 'main.go', MAIN_GO);
    assert.deepEqual(await clean.diagnostics(), []);
  });

  test('typing a DSN character by character with incremental changes flags it at the last version', async () => {
    const doc = openGo('typing', 'db.go', goFile('typing', '\t// connect'));
    assert.deepEqual(credentialFindings(await doc.diagnostics()), []);
    // The editor auto-closes the quote: the line and both quotes first, then the characters between them.
    doc.insert(doc.offsetAfter('// connect'), '\n\tdsn := ""\n\t_ = dsn');
    let at = doc.offsetAfter('dsn := "');
    for (const ch of DSN) doc.insert(at++, ch);
    const found = credentialFindings(await doc.diagnostics());
    assert.equal(found.length, 1);
    assertCredentialDiagnostic(found[0], 9);
    assertVersionsMonotonic(client, doc.uri);

    // Deleting the literal's content in one range edit: the next version is clean.
    const start = doc.offsetAfter('dsn := "');
    doc.delete(start, start + DSN.length);
    assert.deepEqual(credentialFindings(await doc.diagnostics()), []);
  });

  test('pasting a DSN in one insert flags it, deleting the line clears it', async () => {
    const doc = openGo('pasting', 'db.go', goFile('pasting', '\tvar dsn string\n\t_ = dsn'));
    assert.deepEqual(await doc.diagnostics(), []);
    const line = `\tdsn = "${DSN}"\n`;
    const at = doc.offsetAfter('\tvar dsn string\n');
    doc.insert(at, line);
    const found = credentialFindings(await doc.diagnostics());
    assert.equal(found.length, 1);
    assertCredentialDiagnostic(found[0], 9);
    doc.delete(at, at + line.length);
    assert.deepEqual(await doc.diagnostics(), []);
  });

  test('a half-typed file with unclosed braces and strings does not crash the server and still reports what it can see', async () => {
    const broken = `package broken

import "database/sql"

var primary = "${DSN}"

func open() {
	db, _ := sql.Open("postgres", primary)
	if db != nil {
		name := "unterminated
	for i := 0; i < ; {
		x := map[string]string{"a": 
`;
    const doc = openGo('broken', 'db.go', broken);
    const found = credentialFindings(await doc.diagnostics());
    assert.equal(found.length, 1, 'the complete literal before the damage is still reported');
    assertCredentialDiagnostic(found[0], 4);

    // Keep typing garbage at the end, then ask the server something: it is alive and answers.
    doc.insert(doc.text.length, '"{{{ ` ((( ');
    await doc.diagnostics();
    try {
      await client.request('textDocument/codeAction', {
        textDocument: { uri: doc.uri },
        range: found[0].range,
        context: { diagnostics: found },
      });
    } catch (error) {
      // A server without code actions yet answers "method not found": still an answer.
      assert.ok(error instanceof ResponseError && error.code === -32601, String(error));
    }
    assert.ok(client.running, client.stderr);

    // Repairing the file keeps the finding.
    doc.edit(doc.offsetAfter('func open() {'), doc.text.length, '\n}\n');
    assertCredentialDiagnostic(credentialFindings(await doc.diagnostics())[0], 4);
  });

  test('rapid edits: no diagnostics for an older version after a newer one, and the last version is published', async () => {
    const doc = openGo('rapid', 'db.go', goFile('rapid', `\t// edit here\n\tdsn := "${DSN}"\n\t_ = dsn`));
    assert.equal(credentialFindings(await doc.diagnostics()).length, 1);
    // Edits sent back to back without waiting: the server may skip versions, never publish an old one.
    for (let i = 0; i < 40; i++) doc.insert(doc.offsetAfter('// edit here'), i % 10 === 9 ? ' ' : 'x');
    const start = doc.offsetAfter('dsn := "');
    doc.delete(start, start + DSN.length);
    assert.deepEqual(await doc.diagnostics(), []);
    // Anything still in flight would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assertVersionsMonotonic(client, doc.uri);
    const published = client.published(doc.uri);
    assert.equal(published[published.length - 1].version, doc.version);
  });

  test('test code is left alone', async () => {
    const doc = openGo('testcode', 'db_test.go', goFile('testcode', `\tdsn := "${DSN}"\n\t_ = dsn`));
    assert.deepEqual(await doc.diagnostics(), []);
  });

  test('didClose clears the document diagnostics, also with an edit still being analysed', async () => {
    const doc = openGo('closing', 'db.go', goFile('closing', `\tdsn := "${DSN}"\n\t_ = dsn`));
    assert.equal(credentialFindings(await doc.diagnostics()).length, 1);
    const mark = client.notifications.length;
    doc.insert(doc.offsetAfter('dsn := "'), 'x');
    doc.close();
    const cleared = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === doc.uri && p.version === undefined,
      { after: mark },
    );
    assert.deepEqual(cleared.params.diagnostics, []);
    // Nothing computed before the close may land after it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const published = client.published(doc.uri);
    assert.deepEqual(published[published.length - 1].diagnostics, []);
  });

  test('a write in one open file updates the diagnostics of the other file of the package', { skip: !inMemorySessionLanded() && 'processes/in-memory-session has no fixture yet' }, async () => {
    const store = openGo('sessions', 'store.go', `package sessions

// sessions maps session ids to user names.
var sessions = map[string]string{}
`);
    const handlerHead = `package sessions

import "net/http"

func login(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
`;
    const handler = openGo('sessions', 'handler.go', `${handlerHead}	_ = id
}
`);
    await handler.diagnostics();
    assert.deepEqual((await store.diagnostics()).filter((d) => d.code === 'processes/in-memory-session'), []);

    const mark = client.notifications.length;
    const write = '\tsessions[id] = r.FormValue("user")\n';
    const at = handler.offsetAfter(handlerHead);
    handler.insert(at, write);
    const flagged = await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === store.uri && p.diagnostics.some((d) => d.code === 'processes/in-memory-session'),
      { after: mark },
    );
    assert.equal(flagged.params.diagnostics.find((d) => d.code === 'processes/in-memory-session')?.range.start.line, 3);

    const mark2 = client.notifications.length;
    handler.delete(at, at + write.length);
    await client.waitForNotification<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === store.uri && !p.diagnostics.some((d) => d.code === 'processes/in-memory-session'),
      { after: mark2 },
    );
  });

  test('shutdown then exit ends the process with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

function inMemorySessionLanded(): boolean {
  return fs.existsSync(path.join(REPO_ROOT, 'test', 'fixtures', 'go', 'processes', 'in-memory-session'));
}
