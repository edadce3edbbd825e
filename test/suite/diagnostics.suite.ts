import * as assert from 'assert';
import * as vscode from 'vscode';
import { deleteLine, insertLine, lineOf, openEditor, ourDiagnostics, ruleOf, waitFor, waitForDiagnostic, waitForNoDiagnostic, workspaceFile } from './helpers';

/** What the CLI reports for examples/go-service, per file (the sample's README lists the same). */
const SAMPLE_RULES: Record<string, string[]> = {
  'main.go': ['config/credential-in-url', 'config/unchecked-required-env', 'disposability/no-graceful-shutdown', 'logs/writes-log-file', 'port-binding/hardcoded-port'],
  'handlers.go': ['config/hardcoded-secret', 'processes/in-memory-session'],
};

const TYPED_DSN_LINE = '\treportsDB, _ := sql.Open("postgres", "postgres://report:Xk4pQ9mZ2w@reports.internal:5432/reports")';

describe('diagnostics', () => {
  after(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  for (const [file, rules] of Object.entries(SAMPLE_RULES)) {
    it(`reports the sample app's ${file}, open or not: ${rules.join(', ')}`, async () => {
      const uri = workspaceFile(file);
      const rulesNow = () => ourDiagnostics(uri).map(ruleOf).sort().join(', ');
      await waitFor(`${file} to show ${rules.join(', ')} (now: ${rulesNow() || 'none'})`, () => (rulesNow() === rules.join(', ') ? true : undefined), 30_000);
    });
  }

  it('gives each diagnostic its rule id, source and a link to the factor, with the credential redacted', async () => {
    const diagnostic = await waitForDiagnostic(workspaceFile('main.go'), 'config/credential-in-url');
    assert.equal(diagnostic.source, 'twelve-factor');
    assert.ok(typeof diagnostic.code === 'object', 'the code carries a link');
    assert.equal(diagnostic.code.value, 'config/credential-in-url');
    assert.equal(diagnostic.code.target.toString(), 'https://12factor.net/config');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /^III Config: .*postgres:\/\/app:\*\*\*\*@db\.internal/);
    assert.ok(!diagnostic.message.includes('Hn7vQ2xLw9'), `no password in clear: ${diagnostic.message}`);
    assert.equal(diagnostic.range.start.line, 19);
  });

  it('flags a DSN as it is typed into the editor, without saving, and forgets it once deleted', async () => {
    const { document } = await openEditor('main.go');
    const line = lineOf(document, 'app := &server{');
    const onTypedLine = (d: vscode.Diagnostic) => d.range.start.line === line;

    await insertLine(document, line, TYPED_DSN_LINE);
    const typed = await waitForDiagnostic(document.uri, 'config/credential-in-url', onTypedLine);
    assert.match(typed.message, /report:\*\*\*\*@reports\.internal/);
    assert.ok(document.isDirty, 'found before any save');

    await deleteLine(document, line);
    await waitForNoDiagnostic(document.uri, 'config/credential-in-url', onTypedLine);
    assert.equal(ourDiagnostics(document.uri).filter((d) => ruleOf(d) === 'config/credential-in-url').length, 1, 'the sample app\'s own DSN is still reported');
  });
});
