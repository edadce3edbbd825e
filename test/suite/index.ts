// The extension-host suite's entry point. Both hosts load this file inside VS Code's extension host
// and call run(): @vscode/test-electron (test/e2e/run-vscode.ts) and code-server through its
// `payload` URL route (test/e2e/run-suite.ts). Every `*.suite.js` beside it is part of the suite.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { writeResult, type SuiteResult } from './result';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false });
  for (const name of fs.readdirSync(__dirname).filter((n) => n.endsWith('.suite.js')).sort()) {
    mocha.addFile(path.join(__dirname, name));
  }
  const result: SuiteResult = { passed: [], failed: [], pending: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResult(result);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => result.passed.push(t.fullTitle()));
    runner.on('fail', (t, error: Error) => result.failed.push({ title: t.fullTitle(), error: error.stack ?? String(error) }));
    runner.on('pending', (t) => result.pending.push(t.fullTitle()));
  });
}
