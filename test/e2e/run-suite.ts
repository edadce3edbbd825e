// `npm run test:e2e`: the extension-host suite (test/suite/) inside code-server's Node extension host.
// code-server's workbench takes the extension and the tests through its `payload` URL route (with the
// smoke-test driver enabled); the suite's run() writes a result file, the only signal it can give.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openBrowser, type Browser } from './browser';
import { REPO_ROOT, sampleWorkspace, startCodeServer, type CodeServer } from './host';
import { RESULT_FILE_ENV, type SuiteResult } from '../suite/result';

const TIMEOUT_MS = 5 * 60_000;

async function waitForResult(file: string): Promise<SuiteResult> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the suite wrote no result within ${TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResult;
}

function report(result: SuiteResult): void {
  for (const title of result.passed) console.log(`  ✔ ${title}`);
  for (const title of result.pending) console.log(`  - ${title} (pending)`);
  for (const { title, error } of result.failed) console.log(`  ✘ ${title}\n${error.replace(/^/gm, '      ')}`);
  if (result.pending.length > 0) console.log(`${result.pending.length} pending`);
  console.log(`${result.passed.length} passed, ${result.failed.length} failed`);
}

async function main(): Promise<number> {
  const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-suite-')), 'result.json');
  const workspace = sampleWorkspace();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let step = 'start code-server';
  try {
    server = await startCodeServer({ name: 'suite', extension: { from: 'payload' }, env: { [RESULT_FILE_ENV]: resultFile } });
    step = 'open the workbench with the test payload';
    browser = await openBrowser(server.url(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', server.remoteUri(path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js'))],
    ]));
    step = 'run the suite in the extension host';
    const result = await waitForResult(resultFile);
    report(result);
    return result.failed.length > 0 ? 1 : 0;
  } catch (error) {
    const shot = await browser?.screenshot('suite-failure').catch(() => undefined);
    console.error(`extension-host suite failed at step "${step}": ${error instanceof Error ? error.message : String(error)}`);
    if (shot) console.error(`screenshot: ${shot}`);
    console.log('0 passed, 1 failed');
    return 1;
  } finally {
    await browser?.close();
    await server?.stop();
    if (server) console.log(`logs: ${server.logDir}`);
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
    fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
