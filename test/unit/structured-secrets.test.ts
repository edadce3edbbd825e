// Secrets and credential URLs in config JSON (which has no comments for fixture annotations), the
// file kinds config files are read as, and the data the quick fixes read from these rules.
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import { languageOf } from '../../server/src/engine';
import { FIXTURES, testEngine } from '../helpers/engine';

/** Findings on a file analysed at `relativePath` (under an inline fixture folder), with the text each covers. */
async function analyze(relativePath: string, text: string): Promise<{ rule: string; line: number; text: string; message: string; data: unknown }[]> {
  const engine = await testEngine();
  const lines = text.split('\n');
  return engine.analyze({ path: path.join(FIXTURES, 'inline', relativePath), text, relativePath }).map((f) => ({
    rule: f.ruleId,
    line: f.range.start.line,
    text: lines[f.range.start.line].slice(f.range.start.character, f.range.end.line === f.range.start.line ? f.range.end.character : undefined),
    message: f.message,
    data: f.data,
  }));
}

test('config/ files: config JSON is read by name or folder, never tool JSON', () => {
  assert.equal(languageOf('/app/config/default.json'), 'json');
  assert.equal(languageOf('/app/config.production.json'), 'json');
  assert.equal(languageOf('/app/appsettings.Development.json'), 'json');
  assert.equal(languageOf('/app/default.json'), undefined);
  assert.equal(languageOf('/app/config/tsconfig.json'), undefined);
  assert.equal(languageOf('/app/tsconfig.json'), undefined);
  assert.equal(languageOf('/app/config/package-lock.json'), undefined);
  assert.equal(languageOf('/app/package.json'), 'packagejson');
  assert.equal(languageOf('/app/settings.toml'), 'toml');
  assert.equal(languageOf('/app/pyproject.toml'), undefined);
  assert.equal(languageOf('/app/app.ini'), 'ini');
  assert.equal(languageOf('/app/src/main/resources/application.properties'), 'properties');
});

test('config/ JSON: secrets under secret-like keys and credential URLs, one finding per value', async () => {
  const text = [
    '{',
    '  "database": {',
    '    "host": "orders-db.prod.acme.io",',
    '    "password": "Xk29vLq81mZ",',
    '    "url": "postgres://orders:Zx81kd0w@orders-db.prod.acme.io:5432/orders"',
    '  },',
    '  "jwt": { "secret": "${JWT_SECRET}", "key": "4f1c9e7b2d8a6035e1f7c3b9", "expiresIn": "24h" },',
    '  "legacy": { "secret": "orders:Zx81kd0w@tcp(legacy-db.prod.acme.io:3306)/orders" },',
    '  "auth": { "provider": "oidc", "password_min_length": 12 }',
    '}',
  ].join('\n');
  const found = await analyze('config/default.json', text);
  assert.deepEqual(
    found.map((f) => [f.rule, f.line, f.text, f.data]),
    [
      ['config/hardcoded-secret', 3, '"Xk29vLq81mZ"', { envVar: 'DATABASE_PASSWORD' }],
      ['config/credential-in-url', 4, '"postgres://orders:Zx81kd0w@orders-db.prod.acme.io:5432/orders"', { envVar: 'DATABASE_URL' }],
      ['config/hardcoded-secret', 6, '"4f1c9e7b2d8a6035e1f7c3b9"', { envVar: 'JWT_KEY' }],
      ['config/credential-in-url', 7, '"orders:Zx81kd0w@tcp(legacy-db.prod.acme.io:3306)/orders"', { envVar: 'LEGACY_SECRET' }],
    ],
  );
  for (const f of found) assert.ok(!f.message.includes('Xk29vLq81mZ') && !f.message.includes('Zx81kd0w') && !f.message.includes('4f1c9e7b'), f.message);
});

test('config/ JSON: .NET connection strings in appsettings', async () => {
  const text = '{\n  "ConnectionStrings": {\n    "Default": "Server=sql.prod.acme.io;Database=orders;User Id=orders;Password=Xk29vLq81mZ;"\n  }\n}\n';
  const found = await analyze('appsettings.Production.json', text);
  assert.deepEqual(found.map((f) => [f.rule, f.line]), [['config/environment-config-file', 0], ['config/credential-in-url', 2]]);
});

test('config/ JSON: tool settings, examples and tests keep only provider key formats', async () => {
  const text = '{\n  "sqltools.password": "Xk29vLq81mZ",\n  "github.token": "ghp_Q7vX2mN9pL4kR8sT1wY6zB3cD5fG0hJ2aE4i"\n}\n';
  for (const relativePath of ['.vscode/settings.json', 'config/default.example.json', 'test/config/default.json']) {
    const found = await analyze(relativePath, text);
    assert.deepEqual(found.map((f) => [f.rule, f.line]), [['config/hardcoded-secret', 2]], relativePath);
  }
});

test('config/ malformed JSON and YAML never throw', async () => {
  // testEngine() turns a throwing rule into a failed test.
  assert.deepEqual(await analyze('config/default.json', '{"database": {"password": "Xk29vLq81mZ", '), []);
  assert.deepEqual(await analyze('config/app.yaml', 'a: [\n  b: {c\n: - ]\n\t- x'), []);
  assert.deepEqual(await analyze('docker-compose.yml', 'services:\n  db:\n    image: [postgres\n'), []);
  assert.deepEqual(await analyze('k8s/deploy.yaml', 'apiVersion: v1\nkind: Secret\nstringData: "\n'), []);
  assert.deepEqual(await analyze('settings.toml', '[db\npassword = "unterminated\nkey = """\n'), []);
  assert.deepEqual(await analyze('app.ini', '[\n=\n:x\npassword\n'), []);
  assert.deepEqual(await analyze('application.properties', '\\\n=\npassword\\\n'), []);
});

test('compose unpinned-service-image: the image and a tag the same file pins it to', async () => {
  const text = 'services:\n  db:\n    image: postgres\n  replica:\n    image: docker.io/library/postgres:16.3\n---\nservices:\n  cache:\n    image: redis:latest\n';
  const found = await analyze('docker-compose.yml', text);
  assert.deepEqual(
    found.map((f) => [f.text, f.data]),
    [
      ['postgres', { image: 'postgres', suggestedTag: '16.3' }],
      ['redis:latest', { image: 'redis' }],
    ],
  );
});

test('compose credential-in-url: the services of the compose files next to it are in the file set', async () => {
  // test/fixtures/compose/credential-in-url/docker-compose.yml defines `db` with the alias `orders-db.dev.internal`.
  const engine = await testEngine();
  const dir = path.join(FIXTURES, 'compose', 'credential-in-url');
  const text = 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:app@orders-db.dev.internal:5432/app\n      MONGO_URL: mongodb://root:Tr0ub4dor@mongo.prod.acme.io:27017\n';
  const found = engine.analyze({ path: path.join(dir, 'docker-compose.override.yml'), text, relativePath: 'docker-compose.override.yml' });
  assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line]), [['config/credential-in-url', 4]]);
});
