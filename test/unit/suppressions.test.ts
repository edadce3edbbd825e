// Suppression comments: `twelve-factor-ignore-next-line` and `twelve-factor-ignore-file`, read from
// real comments only, and `twelve-factor/unknown-rule` for directives naming no known rule. The
// annotated fixtures under test/fixtures/suppressions/ are checked by the fixture runner; this file
// proves their `ok:` lines are quiet because of the directives, and covers what fixtures cannot show.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import type { Finding } from '../../server/src/engine';
import { readDirectives } from '../../server/src/engine/suppressions';
import { FIXTURES, testEngine } from '../helpers/engine';

const SUPPRESSIONS = path.join(FIXTURES, 'suppressions');
const DIRECTIVE_FIXTURES = ['go/next-line/main.go', 'go/whole-file/main.go', 'docker/Dockerfile', 'compose/docker-compose.yml', 'shell/start.sh'];

async function analyze(relativePath: string, text: string): Promise<Finding[]> {
  const engine = await testEngine();
  return engine.analyze({ path: path.join(SUPPRESSIONS, relativePath), text, relativePath });
}

/** `[rule, 1-based line]` of each finding. */
function where(findings: Finding[]): [string, number][] {
  return findings.map((f) => [f.ruleId, f.range.start.line + 1]);
}

/** Lines (0-based) an `ok: <rule>` annotation points at, with the rules named. */
function okLines(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const lines = text.split('\n');
  let pending: string[] = [];
  lines.forEach((line, i) => {
    const annotation = /^\s*(?:\/\/|#)\s*(ok|ruleid):\s*(.+)$/.exec(line);
    if (annotation) {
      if (annotation[1] === 'ok') pending.push(...annotation[2].split(',').map((r) => r.trim()));
      return;
    }
    if (pending.length > 0 && !/^\s*(\/\/|#|\/\*)/.test(line)) {
      out.set(i, pending);
      pending = [];
    }
  });
  return out;
}

for (const fixture of DIRECTIVE_FIXTURES) {
  test(`suppressions: the ok: lines of ${fixture} are flagged once its directives are disabled`, async () => {
    const text = fs.readFileSync(path.join(SUPPRESSIONS, fixture), 'utf8');
    // Same length, so every position stays put; the word is no longer a directive.
    const disabled = text.replaceAll('twelve-factor-ignore-', 'twelve-factor-ignorx-');
    const unsuppressed = where(await analyze(fixture, disabled));
    const expected = [...okLines(text)].flatMap(([line, rules]) => rules.map((rule) => [rule, line + 1] as [string, number]));
    assert.ok(expected.length > 0);
    for (const pair of expected) assert.ok(unsuppressed.some(([r, l]) => r === pair[0] && l === pair[1]), `${pair[0]} at line ${pair[1]} without the directives`);
    // And with them, those findings are gone while the others stay.
    const suppressed = where(await analyze(fixture, text));
    assert.deepEqual(suppressed, unsuppressed.filter(([r, l]) => !expected.some(([er, el]) => er === r && el === l)));
  });
}

test('suppressions: a Go directive is read with its rules, reason and the code line it covers', async () => {
  const text = [
    'package main', //                                                                      0
    '',
    '// twelve-factor-ignore-next-line config/hardcoded-secret, logs/writes-log-file -- demo key, rotated weekly',
    '// The key the demo signs with.', //                                                    3 (a doc comment is skipped)
    '',
    'var signingKey = "AllYourBase"', //                                                     5
    '/* twelve-factor-ignore-file port-binding/hardcoded-port */',
    'var s = "// twelve-factor-ignore-file config/hardcoded-secret"',
    'var t = `',
    '# twelve-factor-ignore-file config/hardcoded-secret',
    '`',
  ].join('\n');
  const engine = await testEngine();
  const directives = readDirectives('go', text, engine.workspace.file(path.join(SUPPRESSIONS, 'inline/directives/main.go'), text));
  assert.deepEqual(
    directives.map((d) => ({ kind: d.kind, rules: d.rules.map((r) => r.id), reason: d.reason, target: d.target })),
    [
      { kind: 'next-line', rules: ['config/hardcoded-secret', 'logs/writes-log-file'], reason: 'demo key, rotated weekly', target: 5 },
      { kind: 'file', rules: ['port-binding/hardcoded-port'], reason: undefined, target: undefined },
    ],
  );
  const first = directives[0].rules[1].range;
  assert.deepEqual(first, { start: { line: 2, character: 59 }, end: { line: 2, character: 79 } });
});

test('suppressions: a next-line directive covers only the next code line, and only findings starting on it', async () => {
  const text = `package main

import "net/http"

func main() {
	// twelve-factor-ignore-next-line port-binding/hardcoded-port
	addr := ":8080"

	srv := &http.Server{Addr: ":9090"}
	_ = addr
	srv.ListenAndServe()
}
`;
  const found = where(await analyze('inline/next/main.go', text)).filter(([r]) => r === 'port-binding/hardcoded-port');
  assert.deepEqual(found, [['port-binding/hardcoded-port', 9]]);
});

test('suppressions: Windows line endings', async () => {
  const text = 'package main\r\n\r\n// twelve-factor-ignore-next-line config/hardcoded-secret\r\nconst apiKey = "f8a9c2d4e1b7"\r\nconst apiToken = "f8a9c2d4e1b8"\r\n';
  assert.deepEqual(where(await analyze('inline/crlf/main.go', text)), [['config/hardcoded-secret', 5]]);
  const yaml = 'services:\r\n  api:\r\n    environment:\r\n      # twelve-factor-ignore-next-line config/credential-in-url\r\n      QUEUE_URL: amqp://app:s3cr3t@mq.internal:5672/\r\n';
  assert.deepEqual(where(await analyze('inline/crlf/docker-compose.yml', yaml)), []);
});

test('suppressions: a directive naming an unknown rule is reported where the id is written, with close matches', async () => {
  const text = `package main

// twelve-factor-ignore-next-line config/hardcoded-secrt, config/hardcoded-secret
const apiKey = "f8a9c2d4e1b7"

// twelve-factor-ignore-next-line hardcoded-port
var addr = ":8080"
`;
  const findings = await analyze('inline/unknown/main.go', text);
  assert.deepEqual(where(findings), [
    ['twelve-factor/unknown-rule', 3],
    ['twelve-factor/unknown-rule', 6],
  ]);
  const [misspelt, noFactor] = findings;
  assert.deepEqual(misspelt.range, { start: { line: 2, character: 34 }, end: { line: 2, character: 56 } });
  assert.equal(misspelt.severity, 'warning');
  assert.match(misspelt.message, /^twelve-factor: twelve-factor-ignore-next-line names an unknown rule 'config\/hardcoded-secrt'; did you mean config\/hardcoded-secret\?$/);
  assert.match(noFactor.message, /unknown rule 'hardcoded-port'; did you mean port-binding\/hardcoded-port\?/);
  // The known rule of the same directive still suppresses the secret on the next line.
  assert.ok(!findings.some((f) => f.ruleId === 'config/hardcoded-secret'));
});

test('suppressions: a reason written without -- reads as rule ids, and a directive with no rule is reported', async () => {
  const text = `FROM golang:1.23 AS build
RUN go build -o /bin/app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /bin/app /bin/app
# twelve-factor-ignore-next-line build-release-run/config-in-image demo token
ENV API_TOKEN=f8a9c2d4e1b7
# twelve-factor-ignore-file -- nothing named
ENTRYPOINT ["/bin/app"]
`;
  const findings = await analyze('inline/reason/Dockerfile', text);
  assert.deepEqual(where(findings), [
    ['twelve-factor/unknown-rule', 5],
    ['twelve-factor/unknown-rule', 5],
    ['twelve-factor/unknown-rule', 7],
  ]);
  assert.deepEqual(findings.map((f) => f.data?.unknownRule), ['demo', 'token', undefined]);
  assert.match(findings[0].message, /a reason goes after --/);
  assert.match(findings[2].message, /twelve-factor-ignore-file names no rule/);
  assert.deepEqual(findings[2].range, { start: { line: 6, character: 2 }, end: { line: 6, character: 27 } });
});

test('suppressions: directives in strings are neither obeyed nor reported; the engine rule can itself be configured', async () => {
  const text = 'package main\n\nvar usage = "// twelve-factor-ignore-file no/such-rule"\n';
  assert.deepEqual(await analyze('inline/string/main.go', text), []);
  const unknown = 'package main\n\n// twelve-factor-ignore-next-line no/such-rule\nfunc main() {}\n';
  assert.equal((await analyze('inline/string/main.go', unknown)).length, 1);
  const engine = await testEngine();
  const quiet = engine.analyze({
    path: path.join(SUPPRESSIONS, 'inline/string/main.go'),
    text: unknown,
    overrides: { rules: { 'twelve-factor/unknown-rule': 'off' } },
  });
  assert.deepEqual(quiet, []);
});
