// Quick fixes as VS Code gets them: vscode.executeCodeActionProvider on the sample app's main.go lists
// them in order, and vscode.workspace.applyEdit of a fix changes the files the way the fix says.
// Each test puts the sample back as it found it (the suites after it read the same files).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ourDiagnostics, ruleOf, scorecardNow, statusesOf, waitFor, waitForDiagnostic, waitForNoDiagnostic, workspaceFile } from './helpers';

const DSN_RULE = 'config/credential-in-url';
const SHUTDOWN_RULE = 'disposability/no-graceful-shutdown';
const PORT_RULE = 'port-binding/hardcoded-port';
const DSN_LITERAL = '"postgres://app:Hn7vQ2xLw9@db.internal:5432/app?sslmode=disable"';

async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range);
  // A provider's bare Command has a string `command`; a CodeAction's `command` is an object or absent.
  return actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

async function actionTitled(uri: vscode.Uri, diagnostic: vscode.Diagnostic, prefix: string): Promise<vscode.CodeAction> {
  const actions = await codeActionsAt(uri, diagnostic.range);
  const action = actions.find((a) => a.title.startsWith(prefix));
  assert.ok(action, `an action titled "${prefix}…" among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(action.edit, `"${action.title}" carries its edit`);
  return action;
}

/** The text of `uri` as VS Code has it (the editor's buffer when open, else the file). */
async function textOf(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

describe('code actions', () => {
  const main = () => workspaceFile('main.go');
  const config = () => workspaceFile('config.go');
  let original: string;

  before(async () => {
    original = new TextDecoder().decode(await vscode.workspace.fs.readFile(main()));
    // Code actions are asked of a loaded document, as an editor has one.
    await vscode.workspace.openTextDocument(main());
    await waitForDiagnostic(main(), SHUTDOWN_RULE, undefined, 30_000);
  });

  // Back to the sample as on disk: main.go's text put back and saved (no dirty buffer left), config.go
  // (created by a fix) deleted.
  afterEach(async () => {
    const document = await vscode.workspace.openTextDocument(main());
    if (document.isDirty || document.getText() !== original) {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(main(), new vscode.Range(0, 0, document.lineCount, 0), original);
      assert.ok(await vscode.workspace.applyEdit(restore), 'main.go is put back');
      assert.ok(await document.save(), 'main.go is saved');
    }
    const removeConfig = new vscode.WorkspaceEdit();
    removeConfig.deleteFile(config(), { ignoreIfNotExists: true });
    assert.ok(await vscode.workspace.applyEdit(removeConfig), 'config.go is removed');
    assert.equal(document.getText(), original);
    await waitForDiagnostic(main(), DSN_RULE);
    await waitForDiagnostic(main(), SHUTDOWN_RULE);
  });

  it('offers the fix first and preferred, then the line, file and settings suppressions, then the docs', async () => {
    const diagnostic = await waitForDiagnostic(main(), DSN_RULE);
    const actions = await codeActionsAt(main(), diagnostic.range);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind?.value, a.isPreferred ?? false]),
      [
        ['Extract into the required env var DATABASE_URL (mustEnv in config.go)', 'quickfix', true],
        [`Ignore ${DSN_RULE} for this line`, 'quickfix', false],
        [`Ignore ${DSN_RULE} in this file`, 'quickfix', false],
        [`Disable ${DSN_RULE} in .twelve-factor.yml`, 'quickfix', false],
        [`Show documentation for ${DSN_RULE}`, 'quickfix', false],
      ],
    );
    // vscode.executeCodeActionProvider drops each action's `diagnostics` (test/lsp covers them).
    const docs = actions[actions.length - 1];
    assert.equal(docs.edit, undefined, 'the docs action edits nothing');
    assert.equal(docs.command?.command, 'twelveFactor.showDocumentation');
  });

  it('on the ListenAndServe line, both fixes come first and preferred: graceful shutdown and the port from PORT', async () => {
    const diagnostic = await waitForDiagnostic(main(), SHUTDOWN_RULE);
    const actions = await codeActionsAt(main(), diagnostic.range);
    const preferred = actions.filter((a) => a.isPreferred).map((a) => a.title);
    assert.deepEqual(preferred.sort(), ['Add graceful shutdown (SIGTERM → Shutdown with 30s timeout)', 'Read port from PORT (fallback 8080)']);
    assert.deepEqual(actions.slice(0, 2).map((a) => a.isPreferred), [true, true], actions.map((a) => a.title).join(' | '));
    assert.match(actions[actions.length - 1].title, /^Show documentation for /);
  });

  it('"Extract literal into config field" creates config.go, reads DATABASE_URL in main.go, and the finding goes', async () => {
    const diagnostic = await waitForDiagnostic(main(), DSN_RULE);
    const action = await actionTitled(main(), diagnostic, 'Extract into');
    assert.equal(await exists(config()), false);

    assert.ok(await vscode.workspace.applyEdit(action.edit!), 'the edit applies');

    assert.equal(await textOf(main()), original.replace(DSN_LITERAL, 'mustEnv("DATABASE_URL")'), 'only the literal changed');
    assert.ok(await exists(config()), 'config.go is created');
    const configText = await textOf(config());
    assert.match(configText, /^package main\n\nimport "os"\n/);
    assert.match(configText, /\nfunc mustEnv\(name string\) string \{\n\tvalue := os\.Getenv\(name\)\n\tif value == "" \{\n\t\tpanic\(/);
    await waitForNoDiagnostic(main(), DSN_RULE);
    // Nothing else about main.go changed: its other findings stay.
    assert.deepEqual(ourDiagnostics(main()).map(ruleOf).sort(), ['config/unchecked-required-env', SHUTDOWN_RULE, 'logs/writes-log-file', PORT_RULE]);
  });

  it('"Add graceful shutdown handler" rewrites the ListenAndServe call in main.go, and the finding goes', async () => {
    const diagnostic = await waitForDiagnostic(main(), SHUTDOWN_RULE);
    const action = await actionTitled(main(), diagnostic, 'Add graceful shutdown');

    assert.ok(await vscode.workspace.applyEdit(action.edit!), 'the edit applies');

    const text = await textOf(main());
    assert.ok(!text.includes('log.Fatal(http.ListenAndServe('), text);
    assert.ok(text.includes('import (\n\t"context"\n\t"database/sql"\n\t"errors"\n\t"log"\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n\t"time"\n)\n'), `the imports, sorted:\n${text}`);
    for (const line of [
      'const shutdownTimeout = 30 * time.Second',
      '\tsrv := &http.Server{Addr: ":8080", Handler: mux}',
      '\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)',
      '\t\tif err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {',
      '\tshutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)',
      '\tif err := srv.Shutdown(shutdownCtx); err != nil {',
    ]) {
      assert.ok(text.split('\n').includes(line), `main.go has the line ${JSON.stringify(line)}:\n${text}`);
    }
    // The code before the server is untouched.
    assert.ok(text.includes(original.slice(original.indexOf('func main() {'), original.indexOf('\tlog.Fatal(http.ListenAndServe('))));

    await waitForNoDiagnostic(main(), SHUTDOWN_RULE);
    // The port is still hardcoded, now in the server's Addr.
    const port = await waitForDiagnostic(main(), PORT_RULE);
    assert.ok(text.split('\n')[port.range.start.line].includes('Addr: ":8080"'));
    // The scorecard follows the unsaved edit: disposability now passes.
    await waitFor('IX Disposability to pass in the scorecard', async () => (statusesOf(await scorecardNow()).IX === 'pass' ? true : undefined));
  });
});
