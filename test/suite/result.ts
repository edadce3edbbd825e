// The suite's result, as a file: code-server's extension host has no exit code to give its driver.
import * as fs from 'fs';

/** Names the file run() writes its SuiteResult to; unset, no file is written. */
export const RESULT_FILE_ENV = 'TWELVE_FACTOR_SUITE_RESULT';

export interface SuiteResult {
  passed: string[];
  failed: { title: string; error: string }[];
  pending: string[];
}

/** Written whole, then renamed into place, so a driver polling for the file never reads half of it. */
export function writeResult(result: SuiteResult): void {
  const file = process.env[RESULT_FILE_ENV];
  if (!file) return;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
