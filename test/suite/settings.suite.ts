import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitForDiagnostic, waitForNoDiagnostic, workspaceFile } from './helpers';

const PORT_RULE = 'port-binding/hardcoded-port';

function setRules(rules: Record<string, string> | undefined): Thenable<void> {
  return vscode.workspace.getConfiguration('twelveFactor').update('rules', rules, vscode.ConfigurationTarget.Workspace);
}

describe('settings', () => {
  after(() => setRules(undefined));

  it('applies twelveFactor.rules live: off removes the rule\'s diagnostics, a severity changes them, unset restores the default', async () => {
    const main = workspaceFile('main.go');
    const warning = await waitForDiagnostic(main, PORT_RULE);
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning, 'the rule\'s default severity');

    await setRules({ [PORT_RULE]: 'off' });
    await waitForNoDiagnostic(main, PORT_RULE);

    await setRules({ [PORT_RULE]: 'error' });
    await waitForDiagnostic(main, PORT_RULE, (d) => d.severity === vscode.DiagnosticSeverity.Error);

    await setRules(undefined);
    await waitForDiagnostic(main, PORT_RULE, (d) => d.severity === vscode.DiagnosticSeverity.Warning);
  });
});
