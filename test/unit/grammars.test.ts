// The TextMate grammars in syntaxes/ (Procfile, dotenv, and the twelve-factor directive injection),
// checked with vscode-tmgrammar-test against the `^^^` assertions in test/grammars/. The grammars come
// from package.json's contributes (so its paths and injectTo are tested too); the host grammars VS Code
// ships (Go, Python, shell, Dockerfile) are stood in for by test/grammars/hosts/.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CASES = path.join(ROOT, 'test', 'grammars');
const HOSTS = path.join(CASES, 'hosts');

interface Manifest {
  contributes: {
    languages: { id: string; configuration: string }[];
    grammars: { language?: string; scopeName: string; path: string; injectTo?: string[] }[];
  };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The `vscode-tmgrammar-test` script itself (what node_modules/.bin links to), run with this node. */
function tmgrammarTest(): string {
  const pkgDir = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test');
  const { bin } = readJson<{ bin: Record<string, string> }>(path.join(pkgDir, 'package.json'));
  return path.join(pkgDir, bin['vscode-tmgrammar-test']);
}

test('grammars: package.json contributes languages and grammars whose files exist and agree', () => {
  const { contributes } = readJson<Manifest>(path.join(ROOT, 'package.json'));
  assert.deepEqual(contributes.languages.map((l) => l.id).sort(), ['dotenv', 'procfile']);
  for (const language of contributes.languages) {
    const config = readJson<{ comments?: { lineComment?: string } }>(path.join(ROOT, language.configuration));
    assert.equal(config.comments?.lineComment, '#', `${language.id}: line comments are #`);
  }
  const scopes = contributes.grammars.map((g) => g.scopeName).sort();
  assert.deepEqual(scopes, ['comment.twelve-factor-directive.injection', 'source.dotenv', 'source.procfile']);
  for (const grammar of contributes.grammars) {
    const raw = readJson<{ scopeName: string; injectionSelector?: string }>(path.join(ROOT, grammar.path));
    assert.equal(raw.scopeName, grammar.scopeName, `${grammar.path}: scopeName`);
    assert.equal(Boolean(raw.injectionSelector), Boolean(grammar.injectTo), `${grammar.path}: injection`);
  }
  const injection = contributes.grammars.find((g) => g.injectTo);
  for (const host of ['source.go', 'source.ts', 'source.python', 'source.yaml', 'source.dockerfile', 'source.shell', 'source.procfile', 'source.dotenv']) {
    assert.ok(injection?.injectTo?.includes(host), `directives are injected into ${host}`);
  }
});

test('grammars: every scope assertion in test/grammars holds (vscode-tmgrammar-test)', () => {
  const cases = fs
    .readdirSync(CASES, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.includes('.test'))
    .map((e) => path.join('test', 'grammars', e.name))
    .sort();
  assert.ok(cases.length >= 6, `test cases found: ${cases.join(', ')}`);
  const hosts = fs
    .readdirSync(HOSTS)
    .filter((name) => name.endsWith('.tmLanguage.json'))
    .flatMap((name) => ['-g', path.join('test', 'grammars', 'hosts', name)]);

  const run = spawnSync(process.execPath, [tmgrammarTest(), '--config', 'package.json', ...hosts, ...cases], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}`;
  assert.equal(run.status, 0, `vscode-tmgrammar-test failed (status ${run.status}, signal ${run.signal}):\n${output}`);
  for (const file of cases) {
    assert.match(output, new RegExp(`✓ ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} run successful`), `${file} was run:\n${output}`);
  }
});
