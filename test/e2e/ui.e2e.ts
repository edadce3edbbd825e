// The extension in code-server, driven through Chromium as a person would use it: open the sample app,
// open main.go, see the squiggles, the Problems panel and a hover. Steps still to come with their
// features: the lightbulb (Ctrl+.) applying the shutdown fix, the Twelve-Factor activity-bar view with
// its factor rows, clicking a finding to land on its line, the status bar item.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from './browser';
import { sampleWorkspace, startCodeServer, type CodeServer } from './host';
import { story } from './steps';

const DIAGNOSTIC_TIMEOUT = 30_000;

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
});
