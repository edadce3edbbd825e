// Runs every compiled `*.test.js` under out/test with node's test runner (explicit files: a bare
// directory argument would also pick up helpers and the benchmark).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

const files = testFiles('out/test').sort();
const extra = process.argv.slice(2);
const result = spawnSync(process.execPath, ['--test', ...extra, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
