// Engine-level behaviour that no single rule owns: one finding per literal, factor prefixes and
// redaction, incremental re-parsing, unsaved editor text, test-code skipping, bad input.
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { DiskFileSystem } from '../../server/src/diskFs';
import { tempTree, testEngine } from '../helpers/engine';

const tempPackage = (files: Record<string, string>): string => tempTree('tf-engine-', files);

const MAIN = `package main

import (
	"database/sql"
	"net/http"
)

func main() {
	db, _ := sql.Open("postgres", "postgres://app:s3cr3t@db.internal:5432/app")
	_ = db
	http.ListenAndServe(":8080", nil)
}
`;

test('a DSN with a password passed to sql.Open is one finding, credential-in-url, with the password redacted', async () => {
  const dir = tempPackage({ 'go.mod': 'module example.com/app\n\ngo 1.23\n', 'main.go': MAIN });
  const engine = await testEngine();
  const findings = engine.analyze({ path: path.join(dir, 'main.go'), text: MAIN, relativePath: 'main.go' });
  const onDsnLine = findings.filter((f) => f.range.start.line === 8);
  assert.deepEqual(onDsnLine.map((f) => f.ruleId), ['config/credential-in-url']);
  const message = onDsnLine[0].message;
  assert.match(message, /^III Config: /);
  assert.match(message, /postgres:\/\/app:\*\*\*\*@db\.internal/);
  assert.doesNotMatch(message, /s3cr3t/);
  assert.equal(onDsnLine[0].severity, 'error');
});

test('findings carry the factor prefix of their rule', async () => {
  const dir = tempPackage({ 'main.go': MAIN });
  const engine = await testEngine();
  const findings = engine.analyze({ path: path.join(dir, 'main.go'), text: MAIN });
  const port = findings.find((f) => f.ruleId === 'port-binding/hardcoded-port');
  assert.ok(port, 'hardcoded port reported');
  assert.match(port.message, /^VII Port binding: /);
  const shutdown = findings.find((f) => f.ruleId === 'disposability/no-graceful-shutdown');
  assert.ok(shutdown, 'missing graceful shutdown reported');
  assert.match(shutdown.message, /^IX Disposability: /);
});

test('unsaved editor text that differs from the disk is analysed as given, sibling files included', async () => {
  const sibling = `package main

import "net/http"

var sessions = map[string]string{}

func login(w http.ResponseWriter, r *http.Request) {
	sessions[r.FormValue("user")] = "ok"
}
`;
  const dir = tempPackage({ 'go.mod': 'module example.com/app\n\ngo 1.23\n', 'main.go': 'package main\n\nfunc main() {}\n', 'handlers.go': sibling });
  const engine = await testEngine();
  const edited = MAIN;
  const findings = engine.analyze({ path: path.join(dir, 'main.go'), text: edited });
  assert.ok(findings.some((f) => f.ruleId === 'config/credential-in-url'), 'the edited text is what was analysed');
  const again = engine.analyze({ path: path.join(dir, 'handlers.go'), text: sibling });
  assert.deepEqual(again.map((f) => f.ruleId), ['processes/in-memory-session']);
});

test('incremental re-parses give the same findings as a fresh parse', async () => {
  const dir = tempPackage({ 'main.go': MAIN });
  const file = path.join(dir, 'main.go');
  const engine = await testEngine();
  let text = MAIN;
  engine.analyze({ path: file, text });
  // Type a second DSN one character at a time, then delete it again.
  const insertAt = text.indexOf('\t_ = db');
  const typed = '\tcache := "redis://cache.internal:6379/0"\n\t_ = cache\n';
  for (let i = 1; i <= typed.length; i++) {
    text = MAIN.slice(0, insertAt) + typed.slice(0, i) + MAIN.slice(insertAt);
    engine.analyze({ path: file, text });
  }
  const incremental = engine.analyze({ path: file, text });
  const fresh = await Engine.create({ fs: new DiskFileSystem() });
  assert.deepEqual(incremental, fresh.analyze({ path: file, text }));
  assert.ok(incremental.some((f) => f.ruleId === 'config/hardcoded-connection-string' && f.range.start.line === 9));
  assert.deepEqual(engine.analyze({ path: file, text: MAIN }), fresh.analyze({ path: file, text: MAIN }));
});

test('test code is skipped, except keys in a provider format', async () => {
  const text = `package main

import "testing"

const dsn = "postgres://app:s3cr3t@db.internal/app"
const awsKey = "AKIAZ7Q4WLM2RTX8HVNB"

func TestX(t *testing.T) {}
`;
  const dir = tempPackage({ 'x_test.go': text });
  const engine = await testEngine();
  const findings = engine.analyze({ path: path.join(dir, 'x_test.go'), text, relativePath: 'x_test.go' });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['config/hardcoded-secret', 5]]);
  assert.doesNotMatch(findings[0].message, /AKIAZ7Q4WLM2RTX8HVNB/);
  const underTests = engine.analyze({ path: path.join(dir, 'x_test.go'), text: text.replace('"testing"', '"fmt"'), relativePath: 'tests/util.go' });
  assert.equal(underTests.length, 1);
});

test('half-typed, broken and empty files do not throw', async () => {
  const engine = await testEngine();
  const dir = tempPackage({});
  const broken = [
    '',
    'package',
    'package main\n\nfunc main() {\n\tdb, _ := sql.Open("postgres", "postgres://app:s3cr3t@db/app',
    'package main\nvar x = map[string]string{\nfunc (',
    'package main\n\nfunc main() { http.ListenAndServe(":80',
    '\u0000\u0001binary',
  ];
  for (const text of broken) {
    assert.doesNotThrow(() => engine.analyze({ path: path.join(dir, 'main.go'), text }));
  }
  const half = engine.analyze({ path: path.join(dir, 'main.go'), text: broken[2] });
  assert.ok(Array.isArray(half));
});

test('files the engine has no language for give no findings', async () => {
  const engine = await testEngine();
  assert.deepEqual(engine.analyze({ path: '/nowhere/readme.md', text: 'postgres://app:s3cr3t@db/app' }), []);
});
