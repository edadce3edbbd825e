// `npm test`: every compiled `*.test.js` under out/test with node's test runner (explicit files: a bare
// directory argument would also pick up helpers and the benchmark), then the tests in a real VS Code
// (code-server + Chromium): the extension-host suite, then the UI and package tests under test/e2e.
// Ends with a summary whose last line is `N passed, N failed`.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

function compiledFiles(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return compiledFiles(p, suffix);
    return e.name.endsWith(suffix) ? [p] : [];
  });
}

/** Runs `node args`, echoing its output, and resolves to its exit code and everything it printed. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Counts from node's spec reporter summary (`ℹ pass 3`); a run that fails without counts is one failure. */
function nodeTestCounts({ code, output }) {
  const count = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  return { passed, failed: code !== 0 && failed === 0 ? 1 : failed };
}

/** Counts from the last `N passed, N failed` line. */
function suiteCounts({ code, output }) {
  const match = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
  const counts = match ? { passed: Number(match[1]), failed: Number(match[2]) } : { passed: 0, failed: 0 };
  return { passed: counts.passed, failed: code !== 0 && counts.failed === 0 ? 1 : counts.failed };
}

const results = [];
const extra = process.argv.slice(2);
const nodeTests = compiledFiles('out/test', '.test.js').sort();
results.push(['node tests (engine, LSP, CLI)', nodeTestCounts(await run(['--test', '--test-reporter=spec', ...extra, ...nodeTests]))]);

const { hostProblem } = require('../out/test/e2e/host.js');
const problem = hostProblem();
if (problem) {
  const banner = '!'.repeat(100);
  const inCi = process.env.CI === 'true';
  console.log(`\n${banner}\n${inCi ? 'FAILED' : 'SKIPPED'}: the tests in a real VS Code (code-server + Chromium) cannot run: ${problem}.`);
  console.log(`Install the host with: bash .ci/install-e2e-packages.sh && bash test/e2e/setup-host.sh (.ci/run does both).\n${banner}`);
  if (inCi) results.push(['VS Code host', { passed: 0, failed: 1 }]);
} else {
  console.log('\n== extension-host suite in code-server (npm run test:e2e)');
  results.push(['extension-host suite (code-server)', suiteCounts(await run(['out/test/e2e/run-suite.js']))]);
  console.log('\n== UI and package tests in code-server through Chromium');
  const e2eTests = compiledFiles('out/test/e2e', '.e2e.js').sort();
  results.push(['UI and package tests (code-server + Chromium)', nodeTestCounts(await run(['--test', '--test-concurrency=1', '--test-reporter=spec', ...e2eTests]))]);
}

console.log('\n== summary');
for (const [name, { passed, failed }] of results) console.log(`${name}: ${passed} passed, ${failed} failed`);
const passed = results.reduce((n, [, r]) => n + r.passed, 0);
const failed = results.reduce((n, [, r]) => n + r.failed, 0);
if (failed > 0 && !problem) console.log('screenshots: test/e2e/screenshots/, logs: test/e2e/logs/ (each failing step names its own)');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
