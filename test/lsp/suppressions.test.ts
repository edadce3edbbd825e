// Suppression comments and a .twelve-factor.yml, as the editor sees them over LSP: a directive hides
// the finding under it, an unknown rule in a directive is itself flagged, and a malformed settings file
// is flagged at its position while the other files are still analysed.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'url';
import { LspClient, TextDocumentMirror } from './client';

const DSN_LINE = '\tdb, err := sql.Open("postgres", "postgres://app:s3cr3t@db.internal/app")';

function goSource(directive: string): string {
  return `package main

import "database/sql"

func open() (*sql.DB, error) {
${directive}${DSN_LINE}
	return db, err
}
`;
}

describe('suppressions and .twelve-factor.yml over LSP', () => {
  let workspace: string;
  let client: LspClient;

  function open(name: string, text: string, languageId = 'go'): TextDocumentMirror {
    const file = path.join(workspace, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const doc = new TextDocumentMirror(client, pathToFileURL(file).href, text, languageId);
    doc.open();
    return doc;
  }

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-suppress-'));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.23\n');
    ({ client } = await LspClient.startIn(workspace));
  });

  after(() => {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('a next-line directive hides the finding; typing it in removes the diagnostic', async () => {
    const doc = open('a/db.go', goSource(''));
    assert.deepEqual((await doc.diagnostics()).map((d) => d.code), ['config/credential-in-url']);
    doc.insert(doc.text.indexOf(DSN_LINE), '\t// twelve-factor-ignore-next-line config/credential-in-url -- local fixture\n');
    assert.deepEqual(await doc.diagnostics(), []);
  });

  test('a directive naming an unknown rule is flagged where it is written, and suppresses nothing', async () => {
    const doc = open('b/db.go', goSource('\t// twelve-factor-ignore-next-line config/credentials-in-url\n'));
    const diagnostics = await doc.diagnostics();
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]).sort(), [
      ['config/credential-in-url', 6],
      ['twelve-factor/unknown-rule', 5],
    ]);
    assert.match(String(diagnostics.find((d) => d.code === 'twelve-factor/unknown-rule')?.message), /did you mean config\/credential-in-url/);
  });

  test('a malformed .twelve-factor.yml is flagged at its line; files under it are still analysed with what is valid', async () => {
    const settings = open('c/.twelve-factor.yml', 'rules:\n  config/credential-in-url: loud\n  port-binding/hardcoded-port: off\nunknown: 1\n', 'yaml');
    const problems = await settings.diagnostics();
    assert.deepEqual(problems.map((d) => [d.code, d.range.start.line]).sort(), [
      ['twelve-factor/invalid-config', 1],
      ['twelve-factor/invalid-config', 3],
    ]);
    const doc = open('c/db.go', goSource(''));
    // The bad severity is dropped, so the rule keeps its default; the analysis goes on.
    assert.deepEqual((await doc.diagnostics()).map((d) => d.code), ['config/credential-in-url']);
  });
});
