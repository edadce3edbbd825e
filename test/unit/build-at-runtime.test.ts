// build-release-run/build-at-runtime on package.json start scripts (JSON has no comments, so no
// annotated fixture), and the messages and data the fixture runner does not check.
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import { FIXTURES, testEngine } from '../helpers/engine';

const RULE = 'build-release-run/build-at-runtime';

async function findings(scripts: Record<string, string>): Promise<{ text: string; message: string; data: unknown }[]> {
  const engine = await testEngine();
  const text = JSON.stringify({ name: 'api', version: '1.0.0', private: true, scripts }, null, 2) + '\n';
  const file = path.join(FIXTURES, 'packagejson', 'api', 'package.json');
  const lines = text.split('\n');
  return engine
    .analyze({ path: file, text, relativePath: 'api/package.json' })
    .filter((f) => f.ruleId === RULE)
    .map((f) => ({ text: lines[f.range.start.line].slice(f.range.start.character, f.range.end.character), message: f.message, data: f.data }));
}

test('build-at-runtime: a start script that builds before starting is flagged on the build command', async () => {
  const [found, ...rest] = await findings({ build: 'tsc -p .', start: 'npm run build && node dist/index.js' });
  assert.equal(rest.length, 0);
  assert.equal(found.text, 'npm run build');
  assert.equal(
    found.message,
    'V Build, release, run: `npm run build` (tsc) in the start script builds the app at every start; build it at build time (a RUN step, builder stage or the build phase) and start the built artifact here',
  );
  assert.deepEqual(found.data, { command: 'npm run build', kind: 'build' });
});

test('build-at-runtime: compiling on the fly and watchers in start are flagged', async () => {
  assert.deepEqual((await findings({ start: 'ts-node src/index.ts' })).map((f) => f.text), ['ts-node src/index.ts']);
  assert.deepEqual((await findings({ start: 'nodemon --watch src index.js' })).map((f) => f.text), ['nodemon --watch src index.js']);
  assert.deepEqual((await findings({ start: 'node -r ts-node/register src/index.ts' })).map((f) => f.text), ['node -r ts-node/register src/index.ts']);
  const [watcher] = await findings({ dev: 'babel-watch src/server.js', start: 'npm run dev' });
  assert.equal(watcher.text, 'npm run dev');
  assert.match(watcher.message, /`npm run dev` \(babel-watch\) in the start script is a development watcher/);
});

test('build-at-runtime: prestart runs on every npm start', async () => {
  assert.deepEqual((await findings({ prestart: 'npm install', start: 'node server.js' })).map((f) => f.text), ['npm install']);
});

test('build-at-runtime: one finding per command, ranges through JSON escapes', async () => {
  const found = await findings({ start: 'node -e "require(\'./check\')" && npm ci && tsc && node dist/index.js' });
  assert.deepEqual(found.map((f) => f.text), ['npm ci', 'tsc']);
});

test('build-at-runtime: start scripts that run the built app, and other scripts, are left alone', async () => {
  assert.deepEqual(await findings({ build: 'tsc', dev: 'nodemon src/index.ts', start: 'node dist/index.js' }), []);
  assert.deepEqual(await findings({ start: 'next start -p $PORT' }), []);
  assert.deepEqual(await findings({ start: 'NODE_ENV=production node --enable-source-maps dist/main.js' }), []);
  assert.deepEqual(await findings({ 'start:dev': 'nodemon', start: 'npm run start:prod', 'start:prod': 'node dist/main' }), []);
});

test('build-at-runtime: a package.json that is not JSON yields nothing rather than throwing', async () => {
  const engine = await testEngine();
  const file = path.join(FIXTURES, 'packagejson', 'broken', 'package.json');
  assert.deepEqual(engine.analyze({ path: file, text: '{ "scripts": { "start": ', relativePath: 'broken/package.json' }).filter((f) => f.ruleId === RULE), []);
});
