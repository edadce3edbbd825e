// `npm run test:vscode`: the extension-host suite (test/suite/) in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can reach VS Code's download servers (these cannot: there
// `npm run test:e2e` runs the same suite in code-server).
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT, sampleWorkspace } from './host';

async function main(): Promise<number> {
  const workspace = sampleWorkspace();
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
    return 0;
  } catch (error) {
    console.error(`extension-host suite failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
