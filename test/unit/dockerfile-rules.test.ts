// Data the quick fixes read from the Dockerfile rules, which the fixture runner does not check.
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import { FIXTURES, testEngine } from '../helpers/engine';

async function findings(rule: string, text: string): Promise<{ text: string; data: unknown }[]> {
  const engine = await testEngine();
  const file = path.join(FIXTURES, 'docker', 'inline', 'Dockerfile');
  const lines = text.split('\n');
  return engine
    .analyze({ path: file, text, relativePath: 'inline/Dockerfile' })
    .filter((f) => f.ruleId === rule)
    .map((f) => ({ text: lines[f.range.start.line].slice(f.range.start.character, f.range.end.line === f.range.start.line ? f.range.end.character : undefined), data: f.data }));
}

test('shell-form-entrypoint: the exec form to convert to', async () => {
  const rule = 'disposability/shell-form-entrypoint';
  assert.deepEqual((await findings(rule, 'FROM alpine:3.20\nCMD ./server --port 8080\n'))[0].data, { keyword: 'CMD', execForm: '["./server", "--port", "8080"]' });
  // Expansions need a shell: the shell stays, and exec hands PID 1 to the app.
  assert.deepEqual((await findings(rule, 'FROM alpine:3.20\nENTRYPOINT ./migrate && ./server --port "$PORT"\n'))[0].data, {
    keyword: 'ENTRYPOINT',
    execForm: '["/bin/sh", "-c", "./migrate && exec ./server --port \\"$PORT\\""]',
  });
});

test('unpinned-base-image: the image, and a tag the same file pins it to', async () => {
  const rule = 'build-release-run/unpinned-base-image';
  const found = await findings(rule, 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM golang AS test\nFROM node:latest\n');
  assert.deepEqual(found, [
    { text: 'golang', data: { image: 'golang', suggestedTag: '1.22' } },
    { text: 'node:latest', data: { image: 'node' } },
  ]);
});

test('config-in-image: secrets are errors, copied .env files warnings, and no value is shown', async () => {
  const engine = await testEngine();
  const text = 'FROM alpine:3.20\nENV API_TOKEN=9f8e7d6c5b4a3f2e1d0c\nCOPY .env /app/.env\n';
  const found = engine.analyze({ path: path.join(FIXTURES, 'docker', 'inline', 'Dockerfile'), text, relativePath: 'inline/Dockerfile' });
  assert.deepEqual(found.map((f) => [f.ruleId, f.severity]), [
    ['build-release-run/config-in-image', 'error'],
    ['build-release-run/config-in-image', 'warning'],
  ]);
  assert.ok(!found[0].message.includes('9f8e7d6c'));
});
