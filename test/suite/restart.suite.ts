import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { deleteLine, EXTENSION_ID, insertLine, lineOf, openEditor, waitFor, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

/** Pids of this extension host's child processes running our bundled server (Linux: read from /proc). */
function serverPids(serverModule: string): number[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      // The parent pid is the second field after the command name, which is in parentheses.
      const parent = Number(fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      const argv = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      return parent === process.pid && argv.includes(serverModule) ? [Number(name)] : [];
    } catch {
      return []; // the process ended while we looked
    }
  });
}

describe('language server restart', () => {
  after(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  it('starts the server again after it is killed, and the new server analyses edits', async function () {
    if (process.platform !== 'linux') this.skip();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const serverModule = path.join(extension.extensionPath, 'dist', 'server.js');
    const [first] = await waitFor('the running language server', () => serverPids(serverModule).at(0) !== undefined ? serverPids(serverModule) : undefined);

    process.kill(first, 'SIGKILL');
    const [second] = await waitFor('a new language server process', () => {
      const pids = serverPids(serverModule).filter((pid) => pid !== first);
      return pids.length > 0 ? pids : undefined;
    }, 20_000);
    assert.notEqual(second, first);

    // Only a live server can report a line typed after the restart.
    const { document } = await openEditor('main.go');
    const line = lineOf(document, 'app := &server{');
    const onLine = (d: vscode.Diagnostic) => d.range.start.line === line;
    await insertLine(document, line, '\tcacheURL := "redis://:Tz5nW8kLq2@cache.internal:6379/0"');
    await waitForDiagnostic(document.uri, 'config/credential-in-url', onLine, 20_000);
    await deleteLine(document, line);
    await waitForNoDiagnostic(document.uri, 'config/credential-in-url', onLine);
    await waitForDiagnostic(document.uri, 'port-binding/hardcoded-port');
  });
});
