// The extension in code-server, driven through Chromium as a person would use it: open the sample app,
// open main.go, see the squiggles, the Problems panel and a hover; open the lightbulb (Ctrl+.) on the
// ListenAndServe line and apply the shutdown fix, see that finding leave the Problems panel; open the
// Twelve-Factor view, read its factor rows, click a finding and land on its line; read the status bar.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, type Browser } from './browser';
import { sampleWorkspace, startCodeServer, type CodeServer } from './host';
import { story } from './steps';

const DIAGNOSTIC_TIMEOUT = 30_000;
/** The lightbulb's menu (not its empty submenu panel, which has the class too). */
const ACTION_MENU = '.action-widget:not(.action-list-submenu-panel)';
const SHUTDOWN_FIX = 'Add graceful shutdown (SIGTERM → Shutdown with 30s timeout)';

/** The editor's cursor position as its status bar shows it, e.g. `Ln 37, Col 13`. */
function cursorPosition(page: Page): Locator {
  return page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ });
}

describe('the sample app in VS Code, through the browser', () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workspace: string;
  const page = (): Page => {
    assert.ok(browser, 'the browser is open');
    return browser.page;
  };
  const { step } = story('ui', () => ({ browser, logDir: server?.logDir }));

  before(async () => {
    workspace = sampleWorkspace();
    server = await startCodeServer({ name: 'ui', extension: { from: 'source' } });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  step('open the sample workspace', async () => {
    assert.ok(server, 'code-server is up');
    browser = await openBrowser(server.url(workspace));
    await page().locator('.explorer-folders-view .monaco-list-row', { hasText: 'main.go' }).waitFor({ timeout: 60_000 });
  });

  step('open main.go from the Explorer', async () => {
    await page().locator('.explorer-folders-view .monaco-list-row', { hasText: 'main.go' }).click();
    await page().locator('.tabs-container .tab.active', { hasText: 'main.go' }).waitFor();
    await page().locator('.monaco-editor .view-lines', { hasText: 'package main' }).waitFor();
  });

  step('see squiggles under the findings', async () => {
    // The sample's hardcoded DSN is an error; its port, log file and missing shutdown are warnings.
    await page().locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
    await page().locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
  });

  step('read the findings in the Problems panel', async () => {
    await page().keyboard.press('Control+Shift+M');
    const rows = page().locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'port-binding/hardcoded-port' }).first().waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
    const texts = await rows.allInnerTexts();
    const all = texts.join('\n');
    for (const expected of ['III Config: a password is hardcoded in postgres://app:****@db.internal', 'VII Port binding: server listens on hardcoded port 8080', 'IX Disposability', 'XI Logs', 'twelve-factor']) {
      assert.ok(all.includes(expected), `the Problems panel shows "${expected}"; it shows:\n${all}`);
    }
    assert.ok(!all.includes('Hn7vQ2xLw9'), 'the password is not shown in clear');
  });

  step('hover the hardcoded DSN and read the message and the link to the factor', async () => {
    await page().keyboard.press('Control+Shift+M'); // close the panel again, to make room for the hover
    // Where a person would put the mouse: on the underlined text (the squiggle itself lies under the text).
    const box = await page().locator('.monaco-editor .view-line span', { hasText: 'postgres://app:' }).last().boundingBox();
    assert.ok(box, 'the DSN is on screen');
    await page().mouse.move(box.x + 40, box.y + box.height / 2);
    const hover = page().locator('.monaco-hover:not(.hidden)', { hasText: 'III Config' });
    await hover.waitFor();
    assert.match(await hover.innerText(), /III Config: a password is hardcoded in postgres:\/\/app:\*\*\*\*@db\.internal/);
    const link = hover.locator('a', { hasText: 'config/credential-in-url' });
    assert.equal(await link.getAttribute('data-href') ?? await link.getAttribute('href'), 'https://12factor.net/config');
  });

  step('open the lightbulb with Ctrl+. on the ListenAndServe line', async () => {
    const serveLine = page().locator('.monaco-editor .view-line', { hasText: 'http.ListenAndServe' });
    await serveLine.locator('span', { hasText: /^ListenAndServe$/ }).click();
    await cursorPosition(page()).filter({ hasText: /^Ln 37,/ }).waitFor();
    await page().keyboard.press('Control+.');
    const menu = page().locator(ACTION_MENU);
    await menu.locator('.monaco-list-row', { hasText: SHUTDOWN_FIX }).waitFor();
    const items = (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    // The fix of the finding under the cursor first, then the suppressions, then the docs.
    const rule = 'disposability/no-graceful-shutdown';
    assert.deepEqual(items, [SHUTDOWN_FIX, `Ignore ${rule} for this line`, `Ignore ${rule} in this file`, `Disable ${rule} in .twelve-factor.yml`, `Show documentation for ${rule}`]);
  });

  step('apply "Add graceful shutdown…" and see main.go serve through http.Server with signal handling', async () => {
    await page().locator(`${ACTION_MENU} .monaco-list-row`, { hasText: SHUTDOWN_FIX }).click();
    await page().locator(ACTION_MENU).waitFor({ state: 'hidden' });
    const lines = page().locator('.monaco-editor .view-lines');
    // The imports and the timeout constant at the top, as the editor shows them.
    await lines.filter({ hasText: 'const shutdownTimeout = 30 * time.Second' }).waitFor();
    for (const name of ['"context"', '"errors"', '"os/signal"', '"syscall"', '"time"']) assert.ok((await lines.innerText()).includes(name), `imports ${name}`);
    // Then down to the server at the end of main (the editor keeps its scroll position after the edit).
    await page().keyboard.press('Control+End');
    await lines.filter({ hasText: 'signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)' }).waitFor();
    await lines.filter({ hasText: 'srv.Shutdown(shutdownCtx)' }).waitFor();
    assert.ok(!(await lines.innerText()).includes('log.Fatal(http.ListenAndServe('), 'the old call is gone');
  });

  step('see the shutdown finding disappear from the Problems panel', async () => {
    await page().keyboard.press('Control+Shift+M');
    const rows = page().locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'VII Port binding' }).first().waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
    await rows.filter({ hasText: 'IX Disposability' }).first().waitFor({ state: 'detached', timeout: DIAGNOSTIC_TIMEOUT });
    const all = (await rows.allInnerTexts()).join('\n');
    for (const expected of ['III Config', 'VII Port binding', 'XI Logs']) assert.ok(all.includes(expected), `still listed: ${expected}; the panel shows:\n${all}`);
  });

  step('open the Twelve-Factor view and read the factor rows and their counts', async () => {
    await page().keyboard.press('Control+Shift+M'); // close the panel, for a view of the editor and the sidebar
    await page().locator('.activitybar a.action-label[aria-label^="Twelve-Factor"]').click();
    const rows = scorecardRows(page());
    await rows.filter({ hasText: 'XII. Admin processes' }).waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
    // The view follows the unsaved fix: disposability now passes.
    await rows.filter({ hasText: 'IX. Disposability' }).filter({ hasNotText: 'finding' }).waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
    // Each row as a person reads it: the status icon, the factor, its count.
    const read = await rows.evaluateAll((elements) => elements.map((row) => [
      /codicon-(pass|warning|error|circle-slash)\b/.exec(row.querySelector('.custom-view-tree-node-item-icon')?.className ?? '')?.[1] ?? 'no icon',
      row.querySelector('.label-name')?.textContent?.trim(),
      row.querySelector('.label-description')?.textContent?.trim(),
    ].join(' | ')));
    assert.deepEqual(read, [
      'warning | I. Codebase | 1 finding',
      'pass | II. Dependencies | no findings',
      'error | III. Config | 3 findings',
      'pass | IV. Backing services | no findings',
      'circle-slash | V. Build, release, run | not assessed',
      'warning | VI. Processes | 1 finding',
      'warning | VII. Port binding | 1 finding',
      'warning | VIII. Concurrency | 1 finding',
      'pass | IX. Disposability | 1 evidence',
      'pass | X. Dev/prod parity | no findings',
      'warning | XI. Logs | 1 finding',
      'pass | XII. Admin processes | no findings',
    ]);
  });

  step('expand III. Config, click the hardcoded secret and land on its line in handlers.go', async () => {
    const rows = scorecardRows(page());
    await rows.filter({ hasText: 'III. Config' }).click();
    const finding = rows.filter({ hasText: 'handlers.go:25' });
    await finding.waitFor();
    assert.match(await finding.innerText(), /secret "sessionSigningKey" is hardcoded/);
    await finding.click();
    await page().locator('.tabs-container .tab.active', { hasText: 'handlers.go' }).waitFor();
    await cursorPosition(page()).filter({ hasText: /^Ln 25,/ }).waitFor();
    const line = await page().locator('.monaco-editor .view-line', { hasText: 'sessionSigningKey' }).first().innerText();
    assert.match(line, /sessionSigningKey/);
  });

  step('read the status bar item 12F passed/assessed', async () => {
    const item = page().locator('.statusbar-item', { hasText: /^12F \d+\/\d+$/ });
    await item.waitFor();
    // Four factors pass in the sample on disk; the applied shutdown fix makes IX. Disposability the fifth.
    assert.equal((await item.innerText()).trim(), '12F 5/11');
  });
});

/** The rows of the Twelve-Factor Scorecard view. */
function scorecardRows(page: Page): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Scorecard' }) }).locator('.pane-body .monaco-list-row');
}
