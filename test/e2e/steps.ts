// A UI test is a story: steps that run in order, each ending on a screenshot a reviewer can look at.
// A failing step saves its screenshot too, names it and the logs, and the steps after it are skipped.
import { test, type TestContext } from 'node:test';
import type { Browser } from './browser';

export interface Story {
  /** Declares the next step; `run` ends on test/e2e/screenshots/<prefix>-<NN>-<slug>.png. */
  step(title: string, run: (t: TestContext) => Promise<void>): void;
}

export function story(prefix: string, context: () => { browser?: Browser; logDir?: string }): Story {
  let count = 0;
  let failedStep: string | undefined;
  return {
    step(title, run) {
      const name = `${prefix}-${String(++count).padStart(2, '0')}-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
      test(title, async (t) => {
        if (failedStep) return t.skip(`an earlier step failed: ${failedStep}`);
        try {
          await run(t);
          const { browser } = context();
          if (browser) t.diagnostic(`screenshot: ${await browser.screenshot(name)}`);
        } catch (error) {
          const { browser, logDir } = context();
          failedStep = title;
          const shot = browser ? await browser.screenshot(`${name}-FAILED`).catch(() => 'none (the browser is gone)') : 'none (no browser yet)';
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`step "${title}" failed: ${message}\n  screenshot: ${shot}\n  logs: ${logDir ?? 'none'}`, { cause: error });
        }
      });
    },
  };
}
