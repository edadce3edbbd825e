import * as fs from 'fs';
import * as os from 'os';
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

/** A folder in the temp dir holding `files` (relative path → text, folders made as needed); returns its path. */
export function tempTree(prefix: string, files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
