// App-level rules judge an app as a whole, on its first manifest: outside any git work tree
// (codebase/no-version-control) and without declared process types (concurrency/no-process-model).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { tempTree, testEngine } from '../helpers/engine';

const GO_MOD = 'module example.com/app\n\ngo 1.23\n';

const tempApp = (files: Record<string, string>): string => tempTree('tf-app-', files);

async function appRules(dir: string, file: string): Promise<string[]> {
  const engine = await testEngine();
  const abs = path.join(dir, file);
  return engine
    .analyze({ path: abs, text: fs.readFileSync(abs, 'utf8'), relativePath: file })
    .map((f) => f.ruleId)
    .filter((id) => id === 'codebase/no-version-control' || id === 'concurrency/no-process-model');
}

test('an app outside git with no process types gets both findings, once, on its first manifest', async () => {
  const dir = tempApp({ 'go.mod': GO_MOD, 'main.go': 'package main\n\nfunc main() {}\n', Dockerfile: 'FROM scratch\n' });
  assert.deepEqual(await appRules(dir, 'go.mod'), ['codebase/no-version-control', 'concurrency/no-process-model']);
  // The Dockerfile is not the anchor when a go.mod sits next to it: one finding per app.
  assert.deepEqual(await appRules(dir, 'Dockerfile'), []);
});

test('an app inside another (docker/Dockerfile under go.mod) is the outer app: told once', async () => {
  const dir = tempApp({ 'go.mod': GO_MOD, 'main.go': 'package main\n\nfunc main() {}\n', 'docker/Dockerfile': 'FROM scratch\n' });
  assert.deepEqual(await appRules(dir, 'go.mod'), ['codebase/no-version-control', 'concurrency/no-process-model']);
  assert.deepEqual(await appRules(dir, 'docker/Dockerfile'), []);
});

test('outside git, an app nested in another (cmd/server/Dockerfile under go.mod) is not told again', async () => {
  const dir = tempApp({ 'go.mod': GO_MOD, 'cmd/server/main.go': 'package main\n\nfunc main() {}\n', 'cmd/server/Dockerfile': 'FROM scratch\n' });
  assert.ok((await appRules(dir, 'go.mod')).includes('codebase/no-version-control'));
  assert.ok(!(await appRules(dir, 'cmd/server/Dockerfile')).includes('codebase/no-version-control'));
  // A nested module is an app of its own, and so is one in a workspace with no app at its root.
  const modules = tempApp({ 'go.mod': GO_MOD, 'tools/go.mod': GO_MOD });
  assert.ok((await appRules(modules, 'tools/go.mod')).includes('codebase/no-version-control'));
  const apps = tempApp({ 'api/go.mod': GO_MOD, 'web/package.json': '{"name": "web"}\n' });
  assert.ok((await appRules(apps, 'api/go.mod')).includes('codebase/no-version-control'));
  assert.ok((await appRules(apps, 'web/package.json')).includes('codebase/no-version-control'));
});

test('a .git folder (or file) in the app or above it is a codebase', async () => {
  const dir = tempApp({ 'app/go.mod': GO_MOD, '.git/HEAD': 'ref: refs/heads/main\n' });
  assert.ok(!(await appRules(dir, 'app/go.mod')).includes('codebase/no-version-control'));
  const worktree = tempApp({ 'go.mod': GO_MOD, '.git': 'gitdir: /elsewhere\n' });
  assert.ok(!(await appRules(worktree, 'go.mod')).includes('codebase/no-version-control'));
});

test('a Procfile, compose services, a Kubernetes workload or a cmd/<type> layout is a process model', async () => {
  const cases: Record<string, string>[] = [
    { Procfile: 'web: ./server\nworker: ./server worker\n' },
    { 'docker-compose.yml': 'services:\n  web:\n    build: .\n' },
    { 'docker-compose.yml': 'web:\n  build: .\n  ports:\n    - "8080:8080"\nworker:\n  image: acme/worker:1.2\n' },
    { 'k8s/base/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' },
    { 'deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' },
    { 'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\n' },
    { 'cmd/web/main.go': 'package main\n\nfunc main() {}\n' },
  ];
  for (const extra of cases) {
    const dir = tempApp({ 'go.mod': GO_MOD, '.git/HEAD': 'ref: refs/heads/main\n', ...extra });
    assert.deepEqual(await appRules(dir, 'go.mod'), [], JSON.stringify(Object.keys(extra)));
  }
  // A compose file without services and a YAML file that is no workload do not count.
  const dir = tempApp({ 'go.mod': GO_MOD, '.git/HEAD': 'x\n', 'compose.yml': 'volumes:\n  data: {}\n', 'deploy/config.yaml': 'kind: ConfigMap\n' });
  assert.deepEqual(await appRules(dir, 'go.mod'), ['concurrency/no-process-model']);
});

test('a package.json app is anchored on package.json', async () => {
  const dir = tempApp({ 'package.json': '{"name": "web", "scripts": {"start": "node server.js"}}\n' });
  assert.deepEqual(await appRules(dir, 'package.json'), ['codebase/no-version-control', 'concurrency/no-process-model']);
});
