// Which files the engine reads and how: language by name, test code by path.
import type { LanguageId } from './types';

export function languageOf(path: string): LanguageId | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name.endsWith('.go')) return 'go';
  return undefined;
}

const TEST_DIRS = /(^|\/)(testdata|test|tests|__tests__|fixtures)\//;
const TEST_FILES = /(_test\.go|\.(test|spec)\.[cm]?[jt]sx?|\.spec\.[a-z]+|(^|\/)test_[^/]*\.py|_test\.py)$/;

/**
 * Test code by the catalog's convention. `relativePath` is relative to the workspace or scan root, so
 * a checkout that happens to live under a folder named `tests/` is not all test code.
 */
export function isTestPath(relativePath: string): boolean {
  const p = relativePath.replace(/\\/g, '/');
  return TEST_FILES.test(p) || TEST_DIRS.test(p);
}
