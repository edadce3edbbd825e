// The Go rewrites over real stdio, on a copy of the sample app: the extract fix's WorkspaceEdit creates
// config.go and edits main.go, the graceful-shutdown fix rewrites the ListenAndServe call; applied as an
// editor would, each removes its finding and adds none, and the module still builds, vets and is
// gofmt-clean.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { GO, goBuildAndVet, gofmtUnformatted } from '../helpers/fixes';
import { applyWorkspaceEdit, LspClient, REPO_ROOT, TextDocumentMirror } from './client';

const HAVE_GO = fs.existsSync(GO);
const DSN_RULE = 'config/credential-in-url';
const SHUTDOWN_RULE = 'disposability/no-graceful-shutdown';
const PORT_RULE = 'port-binding/hardcoded-port';
const DSN_LITERAL = '"postgres://app:Hn7vQ2xLw9@db.internal:5432/app?sslmode=disable"';
/** Editor-like capabilities: versioned document edits and file creation. */
const EDITS_WITH_CREATE = { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } };

/** What the extract fix creates: the app reads env vars in place, so a required-env helper, not a Config loader. */
const CONFIG_GO = `package main

import "os"

// mustEnv returns the value of a required environment variable and panics when it is unset or
// empty: a missing setting fails loudly instead of falling back to a value written in the code.
func mustEnv(name string) string {
\tvalue := os.Getenv(name)
\tif value == "" {
\t\tpanic(name + " is required but not set")
\t}
\treturn value
}
`;

/** main.go's serving code once the shutdown fix is applied (it replaces the last line of main). */
const GRACEFUL_SERVE = `\tsrv := &http.Server{Addr: ":8080", Handler: mux}
\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
\tdefer stop()
\tgo func() {
\t\tif err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
\t\t\tlog.Fatal(err)
\t\t}
\t}()
\t<-ctx.Done()

\tshutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
\tdefer cancel()
\tif err := srv.Shutdown(shutdownCtx); err != nil {
\t\tlog.Fatal(err)
\t}
}
`;

describe('Go quick fixes over LSP, on the sample app', () => {
  let workspace: string;
  let client: LspClient;
  let main: TextDocumentMirror;
  let original: string;
  const open = new Map<string, TextDocumentMirror>();

  const rules = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code)).sort();

  async function fixFor(rule: string, titlePrefix: string): Promise<CodeAction> {
    const diagnostic = (await main.diagnostics()).find((d) => d.code === rule);
    assert.ok(diagnostic, `a ${rule} diagnostic on main.go`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: main.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const [fix] = actions;
    assert.ok(fix?.title.startsWith(titlePrefix) && fix.isPreferred, `the preferred fix first, titled "${titlePrefix}…"; got ${actions.map((a) => a.title).join(' | ')}`);
    assert.deepEqual(fix.diagnostics, [diagnostic]);
    return fix;
  }

  /** Saves main.go's buffer as an editor would (to disk, then didSave), for the Go toolchain to read. */
  function save(doc: TextDocumentMirror): void {
    fs.writeFileSync(path.join(workspace, path.basename(new URL(doc.uri).pathname)), doc.text);
    client.notify('textDocument/didSave', { textDocument: { uri: doc.uri } });
  }

  function assertBuilds(files: string[]): void {
    if (!HAVE_GO) return;
    const build = goBuildAndVet(workspace);
    assert.ok(build.ok, build.output);
    assert.deepEqual(gofmtUnformatted(files.map((f) => path.join(workspace, f))), []);
  }

  before(async () => {
    workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-go-actions-')), 'go-service');
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'go-service'), workspace, { recursive: true });
    ({ client } = await LspClient.startIn(workspace, EDITS_WITH_CREATE));
    original = fs.readFileSync(path.join(workspace, 'main.go'), 'utf8');
    main = TextDocumentMirror.forFile(client, path.join(workspace, 'main.go'), original);
    main.open();
    open.set(main.uri, main);
    assert.deepEqual(rules(await main.diagnostics()), [DSN_RULE, 'config/unchecked-required-env', SHUTDOWN_RULE, 'logs/writes-log-file', PORT_RULE]);
  });

  after(() => {
    client.kill();
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  test('"Extract into…" creates config.go with mustEnv, replaces the DSN with mustEnv("DATABASE_URL"), and the finding goes', async () => {
    const fix = await fixFor(DSN_RULE, 'Extract into');
    const configUri = pathToFileURL(path.join(workspace, 'config.go')).href;
    assert.deepEqual(
      fix.edit?.documentChanges?.map((c) => ('textDocument' in c ? `edit ${c.textDocument.uri}@${c.textDocument.version}` : `${c.kind} ${c.kind === 'rename' ? c.newUri : c.uri}`)),
      [`edit ${main.uri}@${main.version}`, `create ${configUri}`, `edit ${configUri}@null`],
    );

    applyWorkspaceEdit(client, fix.edit, open);

    assert.equal(main.text, original.replace(DSN_LITERAL, 'mustEnv("DATABASE_URL")'));
    assert.equal(fs.readFileSync(path.join(workspace, 'config.go'), 'utf8'), CONFIG_GO);
    assert.deepEqual(rules(await main.diagnostics()), ['config/unchecked-required-env', SHUTDOWN_RULE, 'logs/writes-log-file', PORT_RULE]);
    const config = TextDocumentMirror.forFile(client, path.join(workspace, 'config.go'), CONFIG_GO);
    config.open();
    assert.deepEqual(await config.diagnostics(), [], 'the new file is clean');
    config.close();
    save(main);
    assertBuilds(['main.go', 'config.go']);
  });

  test('"Add graceful shutdown…" serves from an http.Server shut down on SIGTERM, with the imports added, and the finding goes', async () => {
    const before = main.text;
    const fix = await fixFor(SHUTDOWN_RULE, 'Add graceful shutdown');
    assert.deepEqual(fix.edit?.documentChanges?.map((c) => ('kind' in c ? c.kind : c.textDocument.uri)), [main.uri], 'main.go only');

    applyWorkspaceEdit(client, fix.edit, open);

    const expectedHead = before
      .replace('import (\n\t"database/sql"\n\t"log"\n\t"net/http"\n\t"os"\n)\n', 'import (\n\t"context"\n\t"database/sql"\n\t"errors"\n\t"log"\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n\t"time"\n)\n\n// shutdownTimeout bounds how long in-flight requests get to finish once SIGTERM arrives.\nconst shutdownTimeout = 30 * time.Second\n')
      .replace('\tlog.Fatal(http.ListenAndServe(":8080", mux))\n}\n', '');
    assert.equal(main.text, expectedHead + GRACEFUL_SERVE);

    const after = await main.diagnostics();
    assert.deepEqual(rules(after), ['config/unchecked-required-env', 'logs/writes-log-file', PORT_RULE]);
    // The port is still hardcoded, now in the server's Addr, where the PORT fix can take it.
    const port = after.find((d) => d.code === PORT_RULE)!;
    assert.match(main.text.split('\n')[port.range.start.line], /Addr: ":8080"/);
    save(main);
    assertBuilds(['main.go']);
  });
});
