// The env var a literal finding tells the user to read, when the literal is given no usable name.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempTree, testEngine } from '../helpers/engine';

test('a URL assigned to the blank identifier is named after its kind (DATABASE_URL), in the message and the extract fix', async () => {
  const text = 'package main\n\nfunc main() {\n\t_ = "postgres://app:s3cr3t@db.internal:5432/shop"\n}\n';
  const root = tempTree('tf-literal-names-', { 'go.mod': 'module example.com/app\n\ngo 1.23\n', 'main.go': text });
  const input = { path: path.join(root, 'main.go'), text, relativePath: 'main.go' };
  const engine = await testEngine();
  const [finding] = engine.analyze(input).filter((f) => f.ruleId === 'config/credential-in-url');
  assert.ok(finding);
  assert.match(finding.message, /read the URL from config \(DATABASE_URL\)/);
  assert.deepEqual(
    engine.fixesFor(input, finding).filter((f) => f.title.startsWith('Extract')).map((f) => f.title),
    ['Extract into config field Config.DatabaseURL (DATABASE_URL)'],
  );
});

test('the default of a setting is named for the setting: defaultDatabaseURL suggests DATABASE_URL', async () => {
  const text = 'package config\n\nconst defaultDatabaseURL = "user=postgres password=Xk81dq0w host=db.internal dbname=app"\n';
  const root = tempTree('tf-literal-names-', { 'go.mod': 'module example.com/app\n\ngo 1.23\n', 'options.go': text });
  const engine = await testEngine();
  const [finding] = engine.analyze({ path: path.join(root, 'options.go'), text, relativePath: 'options.go' }).filter((f) => f.ruleId === 'config/credential-in-url');
  assert.ok(finding);
  assert.match(finding.message, /\(DATABASE_URL\)/);
  assert.doesNotMatch(finding.message, /DEFAULT_/);
});
