// Code actions over real stdio: `textDocument/codeAction` on a diagnostic returns the fix first
// (preferred), then the suppressions, then the docs command; applying the returned WorkspaceEdit as an
// editor would (versions checked, files created) gives the expected files and the diagnostic goes away;
// `source.fixAll.twelveFactor` edits only what is safe; a client without `documentChanges` gets `changes`.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'url';
import type { CodeAction, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextEdit } from '../../server/src/engine';
import { applyEdits } from '../helpers/fixes';
import { applyWorkspaceEdit, LspClient, TextDocumentMirror } from './client';

const DSN_LINE = '\tdb, err := sql.Open("postgres", "postgres://app:s3cr3t@db.internal/app")';
const GO_SOURCE = `package main

import "database/sql"

func open() (*sql.DB, error) {
${DSN_LINE}
	return db, err
}
`;

/** Editor-like capabilities: versioned document edits and file creation. */
const EDITS_WITH_CREATE = { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } };

describe('code actions over LSP', () => {
  let workspace: string;
  let client: LspClient;
  const open = new Map<string, TextDocumentMirror>();

  function openDoc(name: string, text: string, languageId: string): TextDocumentMirror {
    const file = path.join(workspace, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const doc = new TextDocumentMirror(client, pathToFileURL(file).href, text, languageId);
    doc.open();
    open.set(doc.uri, doc);
    return doc;
  }

  function codeActions(doc: TextDocumentMirror, diagnostic: Diagnostic | undefined, only?: string[]): Promise<CodeAction[]> {
    const range = diagnostic?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: doc.uri },
      range,
      context: { diagnostics: diagnostic ? [diagnostic] : [], only },
    });
  }

  function apply(edit: WorkspaceEdit | undefined): void {
    applyWorkspaceEdit(client, edit, open);
  }

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-actions-'));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.23\n');
    const started = await LspClient.startIn(workspace, EDITS_WITH_CREATE);
    client = started.client;
    const result = started.initializeResult as { capabilities: { codeActionProvider?: { codeActionKinds?: string[] } } };
    assert.deepEqual(result.capabilities.codeActionProvider?.codeActionKinds, ['quickfix', 'refactor.extract', 'source.fixAll.twelveFactor']);
  });

  after(() => {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('on a diagnostic: the fix first and preferred, then line, file and settings suppressions, then the docs command', async () => {
    const doc = openDoc('api/Dockerfile', 'FROM alpine:3.20\nCMD server --port 8080\n', 'dockerfile');
    const [diagnostic] = (await doc.diagnostics()).filter((d) => d.code === 'disposability/shell-form-entrypoint');
    assert.ok(diagnostic);
    const actions = await codeActions(doc, diagnostic);
    const rule = 'disposability/shell-form-entrypoint';
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Convert CMD to exec form', 'quickfix', true],
        [`Ignore ${rule} for this line`, 'quickfix', false],
        [`Ignore ${rule} in this file`, 'quickfix', false],
        [`Disable ${rule} in .twelve-factor.yml`, 'quickfix', false],
        [`Show documentation for ${rule}`, 'quickfix', false],
      ],
    );
    for (const action of actions) assert.deepEqual(action.diagnostics, [diagnostic]);
    const docs = actions[actions.length - 1];
    assert.equal(docs.edit, undefined);
    assert.deepEqual(docs.command, {
      title: `Show documentation for ${rule}`,
      command: 'twelveFactor.showDocumentation',
      arguments: [{ ruleId: rule, path: `docs/rules/${rule}.md`, url: 'https://12factor.net/disposability' }],
    });
    // The fix, applied: the diagnostic is gone.
    apply(actions[0].edit);
    assert.equal(doc.text, 'FROM alpine:3.20\nCMD ["server", "--port", "8080"]\n');
    assert.deepEqual((await doc.diagnostics()).filter((d) => d.code === rule), []);
  });

  test('"Ignore for this line" on a Go finding: the directive goes in at the line\'s indentation and the diagnostic disappears', async () => {
    const doc = openDoc('line/db.go', GO_SOURCE, 'go');
    const [diagnostic] = await doc.diagnostics();
    assert.equal(diagnostic?.code, 'config/credential-in-url');
    const actions = await codeActions(doc, diagnostic);
    const titles = actions.map((a) => a.title);
    // The fix first, then the suppressions and the docs, in this order; the same extraction is not offered again as a refactor.
    assert.deepEqual(titles, [
      'Extract into the required env var DATABASE_URL (mustEnv in config.go)',
      'Ignore config/credential-in-url for this line',
      'Ignore config/credential-in-url in this file',
      'Disable config/credential-in-url in .twelve-factor.yml',
      'Show documentation for config/credential-in-url',
    ]);
    apply(actions.find((a) => /for this line/.test(a.title))?.edit);
    assert.ok(doc.text.includes(`\t// twelve-factor-ignore-next-line config/credential-in-url\n${DSN_LINE}\n`), doc.text);
    assert.deepEqual(await doc.diagnostics(), []);
  });

  test('"Disable in .twelve-factor.yml" creates the file; the diagnostic disappears without touching the Go file', async (t) => {
    const doc = openDoc('settings/db.go', GO_SOURCE, 'go');
    const [diagnostic] = await doc.diagnostics();
    const action = (await codeActions(doc, diagnostic)).find((a) => /^Disable/.test(a.title));
    assert.ok(action?.edit?.documentChanges);
    const settingsUri = pathToFileURL(path.join(workspace, '.twelve-factor.yml')).href;
    assert.deepEqual(action.edit.documentChanges[0], { kind: 'create', uri: settingsUri, options: { overwrite: false, ignoreIfExists: false } });
    t.after(() => {
      fs.rmSync(path.join(workspace, '.twelve-factor.yml'), { force: true });
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: settingsUri, type: 3 }] });
    });
    const before = client.notifications.length;
    apply(action.edit);
    assert.equal(fs.readFileSync(path.join(workspace, '.twelve-factor.yml'), 'utf8'), 'rules:\n  config/credential-in-url: off\n');
    assert.equal(doc.text, GO_SOURCE);
    const after = (await client.diagnostics(doc.uri, doc.version, { after: before })).diagnostics;
    // With the rule off, the literal is judged by the next literal rule.
    assert.deepEqual(after.map((d) => d.code), ['config/hardcoded-connection-string']);
  });

  test('a committed .env: creating .env.example and .gitignore; the .gitignore line resolves the finding', async () => {
    const doc = openDoc('web/.env', '# web app\nDATABASE_URL=postgres://app:s3cr3t@localhost/app\nPORT=8080\n', 'dotenv');
    const [diagnostic] = await doc.diagnostics();
    assert.equal(diagnostic?.code, 'config/committed-env-file');
    const actions = await codeActions(doc, diagnostic);
    assert.deepEqual(actions.slice(0, 2).map((a) => [a.title, a.isPreferred ?? false]), [
      ['Add .env to .gitignore', true],
      ['Create .env.example with the keys of .env (no values)', false],
    ]);
    apply(actions[1].edit);
    assert.equal(fs.readFileSync(path.join(workspace, 'web', '.env.example'), 'utf8'), '# web app\nDATABASE_URL=\nPORT=\n');
    const before = client.notifications.length;
    apply(actions[0].edit);
    // Outside git, next to the env file.
    assert.equal(fs.readFileSync(path.join(workspace, 'web', '.gitignore'), 'utf8'), '.env\n');
    assert.deepEqual((await client.diagnostics(doc.uri, doc.version, { after: before })).diagnostics, []);
  });

  test('source.fixAll.twelveFactor: one action with only the safe fixes, asked for by kind or by its parent', async () => {
    const doc = openDoc('worker/Dockerfile', 'FROM node\nCMD node worker.js --queue "$QUEUE"\n', 'dockerfile');
    await doc.diagnostics();
    for (const only of [['source.fixAll.twelveFactor'], ['source.fixAll'], ['source']]) {
      const actions = await codeActions(doc, undefined, only);
      assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all safe Twelve-Factor problems', 'source.fixAll.twelveFactor']], String(only));
      const [change] = actions[0].edit?.documentChanges as TextDocumentEdit[];
      assert.equal(change.textDocument.version, doc.version);
      // The exec form is safe; pinning the image is a choice, left to the user.
      assert.equal(applyEdits(doc.text, change.edits as TextEdit[]), 'FROM node\nCMD ["/bin/sh", "-c", "exec node worker.js --queue \\"$QUEUE\\""]\n');
    }
    assert.deepEqual(await codeActions(doc, undefined, ['quickfix']), []);
    assert.deepEqual(await codeActions(doc, undefined), [], 'no fix-all unless asked for');
  });

  test('a client without documentChanges gets `changes`, and no action that would have to create a file', async () => {
    const { client: plain } = await LspClient.startIn(workspace);
    try {
      const file = path.join(workspace, 'plain', 'prod.env');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(path.join(workspace, 'plain', '.gitignore'), 'node_modules/\n');
      const text = 'API_TOKEN=9f8e7d6c5b4a3f2e1d0c\n';
      fs.writeFileSync(file, text);
      const doc = new TextDocumentMirror(plain, pathToFileURL(file).href, text, 'dotenv');
      doc.open();
      const [diagnostic] = await doc.diagnostics();
      assert.equal(diagnostic?.code, 'config/committed-env-file');
      const actions = await plain.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      // Creating prod.env.example or .twelve-factor.yml is not possible with `changes`: those are left out.
      assert.deepEqual(actions.map((a) => a.title), [
        'Add prod.env to .gitignore',
        'Ignore config/committed-env-file for this line',
        'Ignore config/committed-env-file in this file',
        'Show documentation for config/committed-env-file',
      ]);
      const gitignoreUri = pathToFileURL(path.join(workspace, 'plain', '.gitignore')).href;
      assert.deepEqual(actions[0].edit, { changes: { [gitignoreUri]: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'prod.env\n' }] } });
      assert.deepEqual(actions[1].edit, {
        changes: { [doc.uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# twelve-factor-ignore-next-line config/committed-env-file\n' }] },
      });
    } finally {
      plain.kill();
    }
  });
});
