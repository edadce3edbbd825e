// The package, not the source tree: `npm run package` builds the .vsix, code-server installs it with
// --install-extension, and the installed extension activates on the sample app and flags it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe } from 'node:test';
import { openBrowser, type Browser } from './browser';
import { EXTENSION_ID, REPO_ROOT, sampleWorkspace, startCodeServer, type CodeServer } from './host';
import { story } from './steps';

const MAX_VSIX_BYTES = 5 * 1024 * 1024;
const MUST_SHIP = ['package.json', 'LICENSE.txt', 'images/icon.png', 'dist/client.js', 'dist/server.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-go.wasm'];
/** Sources, tests, fixtures, build output and dependencies stay out of the package. */
const MUST_NOT_SHIP = /(^|\/)(node_modules|out|test|examples|client|server|scripts|\.ci)\/|\.(ts|map)$|\.vsix$/;

function filesUnder(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const relative = dir ? `${dir}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

function findFile(root: string, name: string): string | undefined {
  return fs.existsSync(root) ? filesUnder(root).find((f) => path.basename(f) === name) : undefined;
}

describe('the packaged .vsix, installed into code-server', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-vsix-'));
  const vsix = path.join(scratch, 'twelve-factor.vsix');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workspace: string;
  const { step } = story('vsix', () => ({ browser, logDir: server?.logDir }));

  before(() => {
    workspace = sampleWorkspace();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  step('package the extension with npm run package', async (t) => {
    const packaging = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(packaging.status, 0, `npm run package failed:\n${packaging.stdout}${packaging.stderr}`);
    const { size } = fs.statSync(vsix);
    t.diagnostic(`.vsix size: ${(size / 1024).toFixed(0)} KB`);
    assert.ok(size < MAX_VSIX_BYTES, `the .vsix is ${size} bytes, over ${MAX_VSIX_BYTES}`);
  });

  step('install it with code-server --install-extension: it holds the bundles and the wasm, nothing else', async () => {
    server = await startCodeServer({ name: 'vsix', extension: { from: 'vsix', vsix } });
    const installed = fs.readdirSync(server.extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
    assert.ok(installed, `${EXTENSION_ID} is installed in ${server.extensionsDir}`);
    const files = filesUnder(path.join(server.extensionsDir, installed));
    for (const file of MUST_SHIP) assert.ok(files.includes(file), `the package holds ${file}; it holds ${files.join(', ')}`);
    const extra = files.filter((f) => MUST_NOT_SHIP.test(f) && !MUST_SHIP.includes(f));
    assert.deepEqual(extra, [], 'no sources, tests, fixtures or dependencies in the package');
  });

  step('open the sample app: the installed extension activates and flags main.go', async (t) => {
    assert.ok(server, 'code-server is up');
    browser = await openBrowser(server.url(workspace));
    const page = browser.page;
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'main.go' }).click({ timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'config/credential-in-url' }).waitFor({ timeout: 30_000 });
    const log = findFile(path.join(server.userDataDir, 'logs'), 'Twelve-Factor.log');
    assert.ok(log, 'the extension wrote its output channel');
    const activation = /activated in (\d+) ms/.exec(fs.readFileSync(path.join(server.userDataDir, 'logs', log), 'utf8'));
    assert.ok(activation, 'the output channel says how long activation took');
    t.diagnostic(`activation: ${activation[1]} ms`);
  });
});
