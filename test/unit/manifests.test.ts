// Rules over env files and dependency manifests where a fixture cannot say it: package.json has no
// comments for annotations, and what a .gitignore ignores must not be ignored by this repository's git.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import type { Finding } from '../../server/src/engine';
import { tempTree, testEngine } from '../helpers/engine';

/** A repository in a temp folder; returns its root. */
function repository(files: Record<string, string>): string {
  return tempTree('tf-manifests-', { '.git/HEAD': 'ref: refs/heads/main\n', ...files });
}

async function analyze(root: string, relativePath: string): Promise<Finding[]> {
  const engine = await testEngine();
  const file = path.join(root, relativePath);
  return engine.analyze({ path: file, text: fs.readFileSync(file, 'utf8'), relativePath });
}

/** `rule@line` (1-based), for the given rule only. */
async function reported(root: string, relativePath: string, rule: string): Promise<string[]> {
  return (await analyze(root, relativePath)).filter((f) => f.ruleId === rule).map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
}

const PACKAGE_JSON = `{
  "name": "storefront",
  "private": true,
  "dependencies": {
    "express": "^4.19.2",
    "lodash": "*",
    "pg": "latest",
    "zod": ">=3.0.0",
    "dayjs": ">=1.11.0 <2.0.0",
    "left-pad": "github:acme/left-pad",
    "right-pad": "github:acme/right-pad#8f3c2b1a9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
    "ui-kit": "file:../../design-system/ui-kit",
    "shared": "file:./packages/shared",
    "helpers": "workspace:*"
  },
  "devDependencies": {
    "typescript": "~5.4.0",
    "eslint": "x"
  },
  "peerDependencies": {
    "react": ">=17"
  },
  "engines": {
    "node": ">=20"
  }
}
`;

test('unpinned-version: *, latest, x, unbounded >= and git sources without a commit in package.json', async () => {
  const root = repository({ 'package.json': PACKAGE_JSON, 'package-lock.json': '{}' });
  assert.deepEqual(await reported(root, 'package.json', 'dependencies/unpinned-version'), [6, 7, 8, 10, 18].map((l) => `dependencies/unpinned-version@${l}`));
});

test('shared-code-by-path: file: deps leaving the repository, not those inside it', async () => {
  const root = repository({ 'package.json': PACKAGE_JSON, 'package-lock.json': '{}' });
  const findings = (await analyze(root, 'package.json')).filter((f) => f.ruleId === 'codebase/shared-code-by-path');
  assert.deepEqual(findings.map((f) => f.range.start.line + 1), [12]);
  assert.match(findings[0].message, /ui-kit comes from \.\.\/\.\.\/design-system\/ui-kit, a folder outside this repository/);
  // From four levels down, `../../design-system` is a folder of the same repository.
  const deep = repository({ 'a/b/c/d/package.json': PACKAGE_JSON, 'yarn.lock': '' });
  assert.deepEqual(await reported(deep, 'a/b/c/d/package.json', 'codebase/shared-code-by-path'), []);
});

test('missing-lockfile: package.json with dependencies and no lockfile here or above', async () => {
  const bare = repository({ 'package.json': PACKAGE_JSON });
  assert.deepEqual(await reported(bare, 'package.json', 'dependencies/missing-lockfile'), ['dependencies/missing-lockfile@4']);
  for (const lockfile of ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb']) {
    const locked = repository({ 'package.json': PACKAGE_JSON, [lockfile]: '' });
    assert.deepEqual(await reported(locked, 'package.json', 'dependencies/missing-lockfile'), [], lockfile);
  }
  // A workspace package is locked by the lockfile at the workspace root.
  const workspace = repository({ 'packages/api/package.json': PACKAGE_JSON, 'pnpm-lock.yaml': '' });
  assert.deepEqual(await reported(workspace, 'packages/api/package.json', 'dependencies/missing-lockfile'), []);
  const noDependencies = repository({ 'package.json': '{\n  "name": "tool",\n  "dependencies": {},\n  "peerDependencies": { "react": "^18" }\n}\n' });
  assert.deepEqual(await reported(noDependencies, 'package.json', 'dependencies/missing-lockfile'), []);
});

test('shared-code-by-path: a go.mod replace by a folder outside the repository, even when one app folder is analysed', async () => {
  const goMod = 'module example.com/orders\n\ngo 1.22\n\nrequire (\n\texample.com/money v0.0.0\n\texample.com/orders/lib v0.0.0\n)\n\nreplace example.com/money => ../../../money\n\nreplace example.com/orders/lib => ../lib\n';
  const root = repository({ 'apps/orders/go.mod': goMod, 'apps/orders/go.sum': '' });
  assert.deepEqual(await reported(root, 'apps/orders/go.mod', 'codebase/shared-code-by-path'), ['codebase/shared-code-by-path@10']);
  // The workspace is the app's folder; `../lib` is still inside the repository.
  const engine = await testEngine();
  const file = path.join(root, 'apps/orders/go.mod');
  const findings = engine.analyze({ path: file, text: goMod, relativePath: 'go.mod' }).filter((f) => f.ruleId === 'codebase/shared-code-by-path');
  assert.deepEqual(findings.map((f) => f.range.start.line + 1), [10]);
});

test('missing-lockfile: a go.mod whose requires are all replaced by folders needs no go.sum', async () => {
  const root = repository({ 'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n' });
  assert.deepEqual(await reported(root, 'go.mod', 'dependencies/missing-lockfile'), []);
});

const ENV = '# Local settings\nDATABASE_URL=postgres://app:Tr0ub4dor3@db.internal/app\nLOG_LEVEL=debug\n';

test('committed-env-file: an error with secrets, a warning without, nothing when a .gitignore ignores the file', async () => {
  const root = repository({ '.env': ENV, 'worker/.env.local': 'LOG_LEVEL=debug\n', 'ignored/.env': ENV, 'ignored/.gitignore': '.env\n', 'svc/prod.env': ENV, '.gitignore': 'node_modules/\n*.local\n' });
  const [secret] = await analyze(root, '.env');
  assert.equal(secret.ruleId, 'config/committed-env-file');
  assert.equal(secret.severity, 'error');
  // A file-level finding sits on line 1 of the file, comment or not.
  assert.equal(secret.range.start.line, 0);
  assert.match(secret.message, /holds secrets \(DATABASE_URL\)/);
  assert.doesNotMatch(secret.message, /Tr0ub4dor3/);
  assert.deepEqual(await reported(root, 'worker/.env.local', 'config/committed-env-file'), []);
  assert.deepEqual(await reported(root, 'ignored/.env', 'config/committed-env-file'), []);
  const [plain] = await analyze(repository({ '.env': 'LOG_LEVEL=debug\n' }), '.env');
  assert.equal(plain.severity, 'warning');
  // A value asking to be filled in is no secret: nothing leaked, at most a file of values.
  const template = await analyze(repository({ '.env': 'POSTGRES_PASSWORD=secure_password_here\nAPI_KEY=api-key-goes-here\n' }), '.env');
  assert.deepEqual(template.filter((f) => f.severity === 'error' || /holds secrets/.test(f.message)), []);
  assert.deepEqual(await reported(root, 'svc/prod.env', 'config/committed-env-file'), ['config/committed-env-file@1']);
});

test('environment-config-file: config/production.json, not when ignored, not a .env.production (committed-env-file reports it)', async () => {
  const production = '{\n  "db": { "host": "db-prod.acme-corp.io" },\n  "logLevel": "warn"\n}\n';
  const root = repository({ 'config/production.json': production, 'config/default.json': production, 'config/test.json': production, '.env.production': 'LOG_LEVEL=warn\n' });
  assert.deepEqual(await reported(root, 'config/production.json', 'config/environment-config-file'), ['config/environment-config-file@1']);
  assert.deepEqual(await reported(root, 'config/default.json', 'config/environment-config-file'), []);
  assert.deepEqual((await analyze(root, '.env.production')).map((f) => f.ruleId), ['config/committed-env-file']);
  const ignored = repository({ 'config/production.json': production, '.gitignore': '/config/production.json\n' });
  assert.deepEqual(await reported(ignored, 'config/production.json', 'config/environment-config-file'), []);
});
