// The Go quick fixes (graceful shutdown, port from PORT, log to stdout), proven on small modules: each
// fixture case is copied and its findings fixed one by one through the engine; each fix must remove its
// finding and add none, and the result must parse cleanly, build and vet, be gofmt-clean and match the
// reviewed snapshot. Where a fix could not keep the program right, none is offered.
// Cases live in test/fixtures/fixes/<fix>/<case>/{input,expected}; `UPDATE_SNAPSHOTS=1` rewrites expected/.
// A case's `unfixed` file lists the findings (as `file rule message`) the fix must not be offered on,
// where `alternative` must be.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { languageOf, type Engine, type Finding, type Fix } from '../../server/src/engine';
import { FIXTURES, REPO_ROOT, tempTree, testEngine } from '../helpers/engine';
import { applyChanges, copyFixture, GO, goBuildAndVet, gofmtUnformatted, snapshotMismatches } from '../helpers/fixes';

const SUITES: { folder: string; ruleId: string; title: RegExp; alternative?: RegExp }[] = [
  { folder: 'shutdown', ruleId: 'disposability/no-graceful-shutdown', title: /^Add graceful shutdown \(SIGTERM → Shutdown with 30s timeout\)$/ },
  // A listener other than the service's keeps its port: extracting it into config is what is offered there.
  { folder: 'port', ruleId: 'port-binding/hardcoded-port', title: /^Read port from PORT \(fallback \d+\)$/, alternative: /^Extract into / },
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
    test(`${suite.folder}/${name}: each fix removes its finding, adds none; the result builds, vets, is gofmt-clean and matches its snapshot`, async (t) => {
      if (goMissing) {
        if (process.env.CI === 'true') assert.fail(`Go is required to prove the fixes build; none at ${GO}`);
        t.skip(`no Go toolchain at ${GO}`);
        return;
      }
      const engine = await testEngine();
      const root = copyFixture(path.join(caseDir, 'input'));
      try {
        assert.equal(goBuildAndVet(root).output, '', 'the fixture itself builds');
        const unfixedList = path.join(caseDir, 'unfixed');
        const unfixed = fs.existsSync(unfixedList) ? fs.readFileSync(unfixedList, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : [];
        const toFix = (l: Located): boolean => l.finding.ruleId === suite.ruleId && !unfixed.includes(keyOf(root, l));
        const fixesOf = (l: Located): Fix[] =>
          engine.fixesFor({ path: l.file, text: fs.readFileSync(l.file, 'utf8'), relativePath: path.relative(root, l.file) }, l.finding).filter((f) => f.ruleId === suite.ruleId);
        // Every finding of the rule is fixed in turn: a second fix in a package reuses what the first added.
        const written = new Set<string>();
        let before = analyzeModule(engine, root);
        for (let round = 0; before.some(toFix); round++) {
          assert.ok(round < 5, 'fixing converges');
          const target = before.find(toFix) as Located;
          // Other providers' fixes for the same finding (extract into config, say) are theirs to test.
          const fixes = fixesOf(target).filter((f) => suite.title.test(f.title));
          assert.equal(fixes.length, 1, `one fix is offered for ${keyOf(root, target)}`);
          for (const file of applyChanges(fixes[0].changes)) written.add(file);
          engine.workspace.invalidate();

          const after = analyzeModule(engine, root);
          const beforeCounts = counts(before.map((l) => keyOf(root, l)));
          const afterCounts = counts(after.map((l) => keyOf(root, l)));
          const fixedKey = keyOf(root, target);
          assert.ok((afterCounts.get(fixedKey) ?? 0) < (beforeCounts.get(fixedKey) ?? 0), `the finding is gone: ${fixedKey}`);
          const added = [...afterCounts].filter(([k, n]) => n > (beforeCounts.get(k) ?? 0)).map(([k]) => k);
          assert.deepEqual(added, [], 'no new findings');
          before = after;
        }
        const left = before.filter((l) => l.finding.ruleId === suite.ruleId);
        assert.deepEqual(left.map((l) => keyOf(root, l)).sort(), [...unfixed].sort(), 'the findings left are those listed in unfixed');
        for (const l of left) {
          const titles = fixesOf(l).map((f) => f.title);
          assert.ok(!titles.some((t) => suite.title.test(t)) && suite.alternative && titles.some((t) => suite.alternative!.test(t)), `${keyOf(root, l)}: ${titles.join(', ')}`);
        }
        assert.ok(written.size > 0, `the fixture has a ${suite.ruleId} finding`);

        for (const file of [...written].filter((f) => f.endsWith('.go'))) {
          const parsed = engine.workspace.file(file, fs.readFileSync(file, 'utf8'));
          assert.equal(parsed.root.hasError, false, `${path.relative(root, file)} parses without errors`);
        }
        const build = goBuildAndVet(root);
        assert.ok(build.ok, build.output);
        assert.deepEqual(gofmtUnformatted([...written]), [], 'gofmt -l lists nothing');
        assert.deepEqual(snapshotMismatches(root, [...written], path.join(caseDir, 'expected')), []);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
}

const DECLINED: { what: string; ruleId: string; main: string; file?: string; others?: Record<string, string> }[] = [
  {
    what: 'a server already started in a goroutine of its own',
    ruleId: 'disposability/no-graceful-shutdown',
    main: 'package main\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nfunc main() {\n\tgo func() {\n\t\tlog.Fatal(http.ListenAndServe(":8080", nil))\n\t}()\n\tselect {}\n}\n',
  },
  {
    what: 'a port constant other constants are computed from (a var would not compile there)',
    ruleId: 'port-binding/hardcoded-port',
    main: 'package main\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nconst addr = ":8080"\n\nconst url = "http://localhost" + addr\n\nfunc main() {\n\tlog.Print(url)\n\tlog.Fatal(http.ListenAndServe(addr, nil))\n}\n',
  },
  {
    what: 'a file named as a log that the code also writes to itself (it would stay flagged)',
    ruleId: 'logs/writes-log-file',
    main: 'package main\n\nimport (\n\t"fmt"\n\t"log"\n\t"os"\n)\n\nfunc main() {\n\tf, err := os.Create("app.log")\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tlog.SetOutput(f)\n\tfmt.Fprintln(f, "started")\n}\n',
  },
  {
    what: 'a package next to a config loader with no config value in scope (a PORT read there would be flagged as scattered)',
    ruleId: 'port-binding/hardcoded-port',
    file: 'server/server.go',
    main: 'package server\n\nimport "net/http"\n\n// Run serves h.\nfunc Run(h http.Handler) error {\n\treturn http.ListenAndServe(":8080", h)\n}\n',
    others: {
      'config/config.go':
        'package config\n\nimport "os"\n\n// Config is the app\'s configuration.\ntype Config struct {\n\tDatabaseURL string\n}\n\n// Load reads it.\nfunc Load() (Config, error) {\n\tcfg := Config{DatabaseURL: os.Getenv("DATABASE_URL")}\n\treturn cfg, nil\n}\n',
    },
  },
];

for (const c of DECLINED) {
  test(`no ${c.ruleId} fix for ${c.what}`, async () => {
    const engine = await testEngine();
    const relativePath = c.file ?? 'main.go';
    const root = tempTree('tf-fix-declined-', { 'go.mod': 'module example.com/app\n\ngo 1.23\n', [relativePath]: c.main, ...c.others });
    try {
      const file = path.join(root, relativePath);
      const finding = engine.analyze({ path: file, text: c.main, relativePath }).find((f) => f.ruleId === c.ruleId);
      assert.ok(finding, `the code has a ${c.ruleId} finding`);
      // Only the provider's own fix is declined: extracting into config (another provider) may still be offered.
      const own = engine.fixesFor({ path: file, text: c.main, relativePath }, finding).filter((f) => f.ruleId === c.ruleId && !/^Extract into /.test(f.title));
      assert.deepEqual(own, []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}

test('the sample app with its log, shutdown and port findings fixed in turn builds, vets and is gofmt-clean', async (t) => {
  if (goMissing) {
    if (process.env.CI === 'true') assert.fail(`Go is required to prove the fixes build; none at ${GO}`);
    t.skip(`no Go toolchain at ${GO}`);
    return;
  }
  const engine = await testEngine();
  const root = copyFixture(path.join(REPO_ROOT, 'examples', 'go-service'));
  try {
    const main = path.join(root, 'main.go');
    const findingsOf = (ruleId: string): Finding[] =>
      engine.analyze({ path: main, text: fs.readFileSync(main, 'utf8'), relativePath: 'main.go' }).filter((f) => f.ruleId === ruleId);
    for (const suite of SUITES) {
      const [finding] = findingsOf(suite.ruleId);
      assert.ok(finding, `the sample app has a ${suite.ruleId} finding`);
      const [fix] = engine.fixesFor({ path: main, text: fs.readFileSync(main, 'utf8'), relativePath: 'main.go' }, finding).filter((f) => f.ruleId === suite.ruleId);
      assert.match(fix.title, suite.title);
      applyChanges(fix.changes);
      engine.workspace.invalidate();
      assert.deepEqual(findingsOf(suite.ruleId), []);
    }
    const build = goBuildAndVet(root);
    assert.ok(build.ok, build.output);
    assert.deepEqual(gofmtUnformatted([main]), []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
