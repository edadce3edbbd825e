// The Go quick fixes (graceful shutdown, port from PORT, log to stdout), proven on small modules: each
// fixture case is copied, its finding fixed through the engine, and the result must lose that finding,
// gain none, parse cleanly, build and vet, be gofmt-clean and match the reviewed snapshot.
// Cases live in test/fixtures/fixes/<fix>/<case>/{input,expected}; `UPDATE_SNAPSHOTS=1` rewrites expected/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { languageOf, type Engine, type Finding } from '../../server/src/engine';
import { FIXTURES, testEngine } from '../helpers/engine';
import { applyChanges, copyFixture, GO, goBuildAndVet, gofmtUnformatted, snapshotMismatches } from '../helpers/fixes';

const SUITES = [
  { folder: 'shutdown', ruleId: 'disposability/no-graceful-shutdown', title: /^Add graceful shutdown \(SIGTERM → Shutdown with 30s timeout\)$/ },
  { folder: 'port', ruleId: 'port-binding/hardcoded-port', title: /^Read port from PORT \(fallback \d+\)$/ },
  { folder: 'log-stdout', ruleId: 'logs/writes-log-file', title: /^Log to stdout instead of [\w.*/-]+$/ },
];

const goMissing = !fs.existsSync(GO);

interface Located {
  finding: Finding;
  file: string;
}

/** Every analysable file of the module at `root`, skipping nested modules (the local stubs of frameworks). */
function moduleFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!fs.existsSync(path.join(abs, 'go.mod'))) out.push(...moduleFiles(root, abs));
    } else if (languageOf(abs)) out.push(abs);
  }
  return out.sort();
}

function analyzeModule(engine: Engine, root: string): Located[] {
  return moduleFiles(root).flatMap((file) =>
    engine.analyze({ path: file, text: fs.readFileSync(file, 'utf8'), relativePath: path.relative(root, file) }).map((finding) => ({ finding, file })),
  );
}

/** A finding as it survives an edit elsewhere in its file: where it is, and what it says, not its line. */
const keyOf = (root: string, l: Located): string => `${path.relative(root, l.file)} ${l.finding.ruleId} ${l.finding.message}`;

function counts(keys: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

for (const suite of SUITES) {
  const suiteDir = path.join(FIXTURES, 'fixes', suite.folder);
  for (const name of fs.readdirSync(suiteDir).sort()) {
    const caseDir = path.join(suiteDir, name);
    test(`${suite.folder}/${name}: the fix removes the finding, adds none, builds, vets, is gofmt-clean and matches its snapshot`, async (t) => {
      if (goMissing) {
        if (process.env.CI === 'true') assert.fail(`Go is required to prove the fixes build; none at ${GO}`);
        t.skip(`no Go toolchain at ${GO}`);
        return;
      }
      const engine = await testEngine();
      const root = copyFixture(path.join(caseDir, 'input'));
      try {
        assert.equal(goBuildAndVet(root).output, '', 'the fixture itself builds');
        const before = analyzeModule(engine, root);
        const target = before.find((l) => l.finding.ruleId === suite.ruleId);
        assert.ok(target, `the fixture has a ${suite.ruleId} finding`);
        const text = fs.readFileSync(target.file, 'utf8');
        const fixes = engine.fixesFor({ path: target.file, text, relativePath: path.relative(root, target.file) }, target.finding).filter((f) => f.ruleId === suite.ruleId);
        assert.equal(fixes.length, 1, 'one fix is offered');
        const [fix] = fixes;
        assert.match(fix.title, suite.title);
        const written = applyChanges(fix.changes);
        engine.workspace.invalidate();

        const after = analyzeModule(engine, root);
        const beforeCounts = counts(before.map((l) => keyOf(root, l)));
        const afterCounts = counts(after.map((l) => keyOf(root, l)));
        const fixedKey = keyOf(root, target);
        assert.ok((afterCounts.get(fixedKey) ?? 0) < (beforeCounts.get(fixedKey) ?? 0), `the finding is gone: ${fixedKey}`);
        const added = [...afterCounts].filter(([k, n]) => n > (beforeCounts.get(k) ?? 0)).map(([k]) => k);
        assert.deepEqual(added, [], 'no new findings');

        for (const file of written.filter((f) => f.endsWith('.go'))) {
          const parsed = engine.workspace.file(file, fs.readFileSync(file, 'utf8'));
          assert.equal(parsed.root.hasError, false, `${path.relative(root, file)} parses without errors`);
        }
        const build = goBuildAndVet(root);
        assert.ok(build.ok, build.output);
        assert.deepEqual(gofmtUnformatted(written), [], 'gofmt -l lists nothing');
        assert.deepEqual(snapshotMismatches(root, written, path.join(caseDir, 'expected')), []);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
}
