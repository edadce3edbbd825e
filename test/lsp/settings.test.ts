// Editor settings (`twelveFactor.*`) reach the server through workspace/configuration and take effect
// on open documents without a reload.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { LspClient, TextDocumentMirror } from './client';

const SOURCE = `package main

import "database/sql"

func open() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://app:s3cr3t@db.internal/app")
}
`;
const RULE = 'config/credential-in-url';

describe('editor settings', () => {
  let workspace: string;
  let client: LspClient;
  let doc: TextDocumentMirror;

  /** The settings change as a client announces it; the server pulls the new values, then republishes. */
  async function changeSettings(settings: Record<string, unknown>): Promise<{ code?: unknown; severity?: number }[]> {
    client.settings = settings;
    const read = client.nextSettingsRead();
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const published = await client.diagnostics(doc.uri, doc.version, { after: await read });
    return published.diagnostics;
  }

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-settings-'));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.23\n');
    const file = path.join(workspace, 'db.go');
    fs.writeFileSync(file, SOURCE);
    client = LspClient.start();
    await client.initialize(workspace);
    doc = TextDocumentMirror.forFile(client, file, SOURCE);
    doc.open();
    const initial = await doc.diagnostics();
    assert.deepEqual(initial.map((d) => [d.code, d.severity]), [[RULE, DiagnosticSeverity.Error]]);
  });

  after(() => {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('twelveFactor.rules changes a severity and turns a rule off, live', async () => {
    assert.deepEqual((await changeSettings({ rules: { [RULE]: 'information' } })).map((d) => [d.code, d.severity]), [[RULE, DiagnosticSeverity.Information]]);
    // With credential-in-url off, the literal falls to the next literal rule that applies.
    const off = await changeSettings({ rules: { [RULE]: 'off' } });
    assert.ok(!off.some((d) => d.code === RULE), JSON.stringify(off));
    assert.ok(off.some((d) => d.code === 'config/hardcoded-connection-string'), JSON.stringify(off));
  });

  test('twelveFactor.exclude and twelveFactor.enable clear the diagnostics; defaults bring them back', async () => {
    assert.deepEqual(await changeSettings({ exclude: ['*.go'] }), []);
    assert.deepEqual(await changeSettings({ enable: false }), []);
    assert.deepEqual((await changeSettings({})).map((d) => d.code), [RULE]);
  });

  test('twelveFactor.run onSave: edits wait for the save', async () => {
    await changeSettings({ run: 'onSave' });
    const before = client.published(doc.uri).length;
    const start = doc.text.indexOf('"postgres://');
    doc.delete(start, start + '"postgres://app:s3cr3t@db.internal/app"'.length);
    doc.insert(start, 'dsn');
    // Nothing is published for the edits: a burst of notifications would have arrived well within this.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(client.published(doc.uri).length, before, 'nothing published before the save');
    client.notify('textDocument/didSave', { textDocument: { uri: doc.uri } });
    assert.deepEqual(await doc.diagnostics(), []);
  });
});
