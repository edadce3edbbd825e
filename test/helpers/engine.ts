import * as path from 'path';
import { Engine } from '../../server/src/engine';
import { DiskFileSystem } from '../../server/src/diskFs';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

let shared: Promise<Engine> | undefined;

/** One engine over the real disk for all tests of a process (grammar loading is the slow part). */
export function testEngine(): Promise<Engine> {
  shared ??= Engine.create({
    fs: new DiskFileSystem(),
    onRuleError: (id, error) => {
      throw new Error(`rule ${id} threw: ${error instanceof Error ? error.stack : String(error)}`);
    },
  });
  return shared;
}
