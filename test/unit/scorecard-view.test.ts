// The scorecard's views without VS Code: the tree model, the status bar summary, the HTML and
// Markdown reports, and the debounced source, against a recorded two-app scorecard.
import * as assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { describe, test } from 'node:test';
import * as ids from '../../client/src/scorecard/ids';
import { scorecardTree, statusSummary, type ScoreNode } from '../../client/src/scorecard/model';
import { scorecardMarkdown as renderMarkdown } from '../../server/src/engine/scorecard/markdown';
import { renderHtml } from '../../client/src/scorecard/render';
import { ScorecardSource } from '../../client/src/scorecard/source';
import { FACTORS } from '../../server/src/engine/factors';
import type { Scorecard } from '../../server/src/engine/scorecard/types';
import { FIXTURES, REPO_ROOT } from '../helpers/engine';

/** A fresh copy each time: tests change it. */
function recorded(): Scorecard {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'scorecard-recorded.json'), 'utf8')) as Scorecard;
}

function singleApp(): Scorecard {
  const scorecard = recorded();
  return { ...scorecard, apps: [scorecard.apps[0]] };
}

function allNodes(nodes: ScoreNode[]): ScoreNode[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children)]);
}

function child(node: ScoreNode, label: string): ScoreNode {
  const found = node.children.find((c) => c.label === label);
  assert.ok(found, `${node.label} has no child ${label}: ${node.children.map((c) => c.label).join(', ')}`);
  return found;
}

describe('recorded scorecard fixture', () => {
  test('follows the data contract: twelve factors in order, scores that add up', () => {
    for (const app of recorded().apps) {
      assert.deepEqual(app.factors.map((f) => [f.factor, f.numeral, f.title, f.url]), FACTORS.map((f) => [f.slug, f.numeral, f.title, f.url]));
      assert.equal(app.score.passed, app.factors.filter((f) => f.status === 'pass').length);
      assert.equal(app.score.assessed, app.factors.filter((f) => f.status !== 'not-assessed').length);
      const findings = app.factors.flatMap((f) => f.findings);
      assert.equal(app.score.counts.error, findings.filter((f) => f.severity === 'error').length);
      assert.equal(app.score.counts.warning, findings.filter((f) => f.severity === 'warning').length);
    }
  });
});

describe('scorecard tree model', () => {
  test('several apps: one node per app, with its score and its worst status', () => {
    const roots = scorecardTree(recorded());
    assert.deepEqual(
      roots.map((n) => [n.kind, n.label, n.description, n.icon.id]),
      [
        ['app', 'api', '4/10 · services/api', 'error'],
        ['app', 'storefront', '9/10 · web', 'warning'],
      ],
    );
  });

  test('one app: its twelve factors at the top level, labelled by numeral and title', () => {
    const roots = scorecardTree(singleApp());
    assert.deepEqual(
      roots.map((n) => n.label),
      FACTORS.map((f) => `${f.numeral}. ${f.title}`),
    );
    assert.ok(roots.every((n) => n.kind === 'factor'));
  });

  test('no scorecard yet: an empty tree', () => {
    assert.deepEqual(scorecardTree(undefined), []);
    assert.deepEqual(scorecardTree({ root: '/w', apps: [] }), []);
  });

  test('each status has its codicon and colour, and a count', () => {
    const api = scorecardTree(recorded())[0];
    const shown = (label: string) => {
      const n = child(api, label);
      return [n.icon.id, n.icon.color, n.description];
    };
    assert.deepEqual(shown('I. Codebase'), ['pass', 'testing.iconPassed', '1 evidence']);
    assert.deepEqual(shown('III. Config'), ['error', 'problemsErrorIcon.foreground', '3 findings']);
    assert.deepEqual(shown('VI. Processes'), ['warning', 'problemsWarningIcon.foreground', '1 finding']);
    assert.deepEqual(shown('V. Build, release, run'), ['circle-slash', 'disabledForeground', 'not assessed']);
    assert.deepEqual(shown('X. Dev/prod parity'), ['pass', 'testing.iconPassed', 'no findings']);
  });

  test('a factor expands to its findings, which open the file at their range', () => {
    const config = child(scorecardTree(recorded())[0], 'III. Config');
    assert.deepEqual(
      config.children.map((n) => [n.kind, n.icon.id, n.description]),
      [
        ['finding', 'error', 'services/api/handlers.go:25'],
        ['finding', 'error', 'services/api/main.go:20'],
        ['finding', 'warning', 'services/api/main.go:28'],
      ],
    );
    const secret = config.children[0];
    assert.equal(secret.label, 'secret "sessionSigningKey" is hardcoded; read it from config (SESSION_SIGNING_KEY)', 'the factor prefix is dropped under its factor');
    assert.deepEqual(secret.open, {
      file: path.join('/home/dev/shop', 'services', 'api', 'handlers.go'),
      range: { start: { line: 24, character: 31 }, end: { line: 24, character: 65 } },
    });
    assert.match(secret.tooltip, /`config\/hardcoded-secret` · error/);
  });

  test('evidence is marked as such and opens where it was seen', () => {
    const build = child(scorecardTree(recorded())[1], 'V. Build, release, run');
    assert.deepEqual(
      build.children.map((n) => [n.kind, n.icon.id, n.label, n.description]),
      [
        ['evidence', 'check', 'Multi-stage Dockerfile: build and runtime images are separate', 'evidence · web/Dockerfile:1'],
        ['evidence', 'check', 'Base image pinned to node:20.11-alpine', 'evidence · web/Dockerfile:1'],
      ],
    );
    assert.equal(build.children[0].open?.file, path.join('/home/dev/shop', 'web', 'Dockerfile'));
  });

  test('a factor tooltip gives its principle and a link to its page on 12factor.net', () => {
    const config = child(scorecardTree(recorded())[0], 'III. Config');
    assert.match(config.tooltip, /Store config in the environment/);
    assert.match(config.tooltip, /\[12factor\.net\/config\]\(https:\/\/12factor\.net\/config\)/);
    const notAssessed = child(scorecardTree(recorded())[0], 'XII. Admin processes');
    assert.match(notAssessed.tooltip, /not assessed: the app has no file/);
  });

  test('user text in tooltips is not Markdown markup', () => {
    const scorecard = recorded();
    scorecard.apps[0].factors[2].findings[0].message = 'III Config: see [here](command:evil) and *this*';
    const finding = child(scorecardTree(scorecard)[0], 'III. Config').children[0];
    assert.ok(!finding.tooltip.includes('[here](command:evil)'), finding.tooltip);
    assert.match(finding.tooltip, /\\\[here\\\]\(command:evil\) and \\\*this\\\*/);
  });

  test('ids are unique, and stay the same when findings move, so expanded nodes stay expanded', () => {
    const before = recorded();
    const ids = allNodes(scorecardTree(before)).map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);

    const after = recorded();
    const config = after.apps[0].factors[2];
    config.findings.splice(2, 1); // one finding fixed
    config.findings[0].location.range.start.line += 3; // another moved down
    const afterIds = new Set(allNodes(scorecardTree(after)).map((n) => n.id));
    for (const node of allNodes(scorecardTree(before)).filter((n) => n.kind !== 'finding')) {
      assert.ok(afterIds.has(node.id), `${node.id} kept`);
    }
  });

  test('two findings of one rule at one place still get distinct ids', () => {
    const scorecard = recorded();
    const config = scorecard.apps[0].factors[2];
    config.findings.push(structuredClone(config.findings[0]));
    const ids = child(scorecardTree(scorecard)[0], 'III. Config').children.map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('status bar summary', () => {
  test('sums passed/assessed over apps, coloured by the worst status', () => {
    assert.deepEqual(statusSummary(recorded()), {
      text: '12F 13/20',
      tooltip: 'Twelve-Factor — 2 apps: 13 of 20 assessed factors pass. Click to open the scorecard.',
      worst: 'fail',
    });
  });

  test("shows the active editor's app alone", () => {
    const summary = statusSummary(recorded(), path.join('/home/dev/shop', 'web', 'src', 'server.ts'));
    assert.equal(summary?.text, '12F 9/10');
    assert.equal(summary?.worst, 'warn');
    assert.match(summary?.tooltip ?? '', /storefront: 9 of 10 assessed factors pass/);
  });

  test('a file outside every app, or outside the root, shows the sum', () => {
    assert.equal(statusSummary(recorded(), path.join('/home/dev/shop', 'README.md'))?.text, '12F 13/20');
    assert.equal(statusSummary(recorded(), path.join('/home/dev/shop-other', 'web', 'x.ts'))?.text, '12F 13/20');
  });

  test('the deepest app holds a file when app roots nest', () => {
    const scorecard = recorded();
    scorecard.apps[0].root = '.';
    assert.equal(statusSummary(scorecard, path.join('/home/dev/shop', 'web', 'x.ts'))?.text, '12F 9/10');
    assert.equal(statusSummary(scorecard, path.join('/home/dev/shop', 'main.go'))?.text, '12F 4/10');
  });

  test('no app: nothing to show', () => {
    assert.equal(statusSummary({ root: '/w', apps: [] }), undefined);
    assert.equal(statusSummary(undefined), undefined);
  });
});

describe('HTML report', () => {
  const webview = () => renderHtml(recorded(), { kind: 'webview', nonce: 'n0nce' });
  const standalone = () => renderHtml(recorded(), { kind: 'standalone' });

  test('locks the page down: CSP with no source but its own style, no script', () => {
    for (const html of [webview(), standalone()]) {
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
      assert.ok(csp, 'CSP meta');
      assert.match(csp[1], /^default-src 'none'; style-src '[^']+'$/);
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /\sstyle="/, 'no inline style attribute (CSP would block it)');
    }
    assert.match(webview(), /style-src 'nonce-n0nce'/);
    assert.match(webview(), /<style nonce="n0nce">/);
  });

  test('standalone: the CSP allows exactly its stylesheet, by hash', () => {
    const html = standalone();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    assert.ok(html.includes(`style-src 'sha256-${hash}'`));
  });

  test('no remote resource: the only web addresses are links to 12factor.net', () => {
    for (const html of [webview(), standalone()]) {
      const urls = html.match(/https?:\/\/[^\s"'<)]+/g) ?? [];
      assert.ok(urls.length > 0);
      assert.deepEqual(urls.filter((u) => !u.startsWith('https://12factor.net/')), []);
      assert.doesNotMatch(html, /\b(src|srcset)=/);
    }
  });

  test('theme colours: the webview uses the editor theme variables, the standalone page its own', () => {
    assert.match(webview(), /var\(--vscode-testing-iconPassed\)/);
    assert.doesNotMatch(standalone(), /--vscode-/);
  });

  test('per app: a chart of twelve bars and a table of twelve rows', () => {
    const html = webview();
    assert.equal(html.match(/<svg /g)?.length, 2);
    assert.equal(html.match(/<rect class="bar /g)?.length, 24);
    assert.equal(html.match(/<tr><td>/g)?.length, 24);
    assert.match(html, /<rect class="bar fail"[^>]*height="33"/);
  });

  test('webview links open the code through the one allowed command; the standalone page has none', () => {
    const html = webview();
    const links = [...html.matchAll(/href="command:twelveFactor\.openLocation\?([^"]+)"/g)];
    const located = recorded().apps.flatMap((app) => app.factors.flatMap((f) => [...f.findings, ...f.evidence]));
    assert.equal(links.length, located.length, 'one link a finding and a piece of evidence');
    const args = JSON.parse(decodeURIComponent(links[0][1].replace(/&#38;/g, '&'))) as unknown;
    assert.deepEqual(args, [
      { file: path.join('/home/dev/shop', 'services', 'api', 'go.mod'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    ]);
    assert.doesNotMatch(html, /href="command:(?!twelveFactor\.openLocation\?)/);
    assert.doesNotMatch(standalone(), /command:/);
  });

  test('escapes user text', () => {
    const scorecard = recorded();
    scorecard.apps[0].name = '<b>api</b>';
    scorecard.apps[0].factors[2].findings[0].message = 'III Config: <script>alert("x")</script> & co';
    const html = renderHtml(scorecard, { kind: 'standalone' });
    assert.doesNotMatch(html, /<script|<b>api/);
    assert.ok(html.includes('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co'));
    assert.ok(html.includes('&#60;b&#62;api&#60;/b&#62;'));
  });
});

describe('Markdown report', () => {
  test('per app: a table with one row a factor, linking its page', () => {
    const sections = renderMarkdown(recorded()).split(/^## /m).slice(1);
    assert.equal(sections.length, 2);
    for (const section of sections) {
      const rows = section.split('\n').filter((line) => /^\| \[[IVX]+\. /.test(line));
      assert.deepEqual(
        rows.map((row) => /^\| \[([^\]]+)\]\((https:\/\/12factor\.net\/[a-z-]+)\)/.exec(row)?.slice(1)),
        FACTORS.map((f) => [`${f.numeral}. ${f.title}`, f.url]),
      );
    }
    assert.match(sections[0], /^\| \[III\. Config\]\(https:\/\/12factor\.net\/config\) \| ❌ fail \| 3 \| 0 \|$/m);
  });

  test('lists every finding and piece of evidence with its location', () => {
    const markdown = renderMarkdown(recorded());
    for (const app of recorded().apps) {
      for (const item of app.factors.flatMap((f) => [...f.findings, ...f.evidence])) {
        assert.ok(markdown.includes(`\`${item.location.path}:${item.location.range.start.line + 1}\``), item.location.path);
      }
    }
    assert.match(markdown, /sessionSigningKey" is hardcoded; read it from config/);
    assert.match(markdown, /Multi-stage Dockerfile/);
  });

  test('a pipe in user text cannot break the table', () => {
    const scorecard = recorded();
    scorecard.apps[0].name = 'api | admin';
    scorecard.apps[0].factors[2].findings[0].message = 'III Config: a | b';
    const markdown = renderMarkdown(scorecard);
    assert.ok(markdown.includes('api \\| admin'));
    assert.ok(markdown.includes('a \\| b'));
  });
});

describe('scorecard source', () => {
  const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  test('a burst of change notifications makes one request and one update', async () => {
    let requests = 0;
    const source = new ScorecardSource({ fetch: async () => (requests++, recorded()), debounceMs: 20, onError: assert.fail });
    const updates: Scorecard[] = [];
    source.onDidChange((s) => updates.push(s));
    for (let i = 0; i < 5; i++) source.invalidate();
    await quiet(80);
    assert.equal(requests, 1);
    assert.equal(updates.length, 1);

    source.invalidate();
    await quiet(80);
    assert.equal(requests, 2);
    assert.equal(updates.length, 1, 'the same scorecard again is no update');
    source.dispose();
  });

  test('a scorecard the notification carries is used without a request', async () => {
    const source = new ScorecardSource({ fetch: async () => assert.fail('no request'), debounceMs: 10, onError: assert.fail });
    const updates: Scorecard[] = [];
    source.onDidChange((s) => updates.push(s));
    source.offer(singleApp());
    source.offer(recorded());
    await quiet(50);
    assert.equal(updates.length, 1);
    assert.equal(source.scorecard?.apps.length, 2);
    source.dispose();
  });

  test('a request answered after a newer scorecard arrived is dropped', async () => {
    let answer: (s: Scorecard) => void = () => {};
    const source = new ScorecardSource({ fetch: () => new Promise((resolve) => (answer = resolve)), debounceMs: 5, onError: assert.fail });
    const refreshed = source.refresh();
    source.offer(recorded());
    await quiet(30);
    answer(singleApp());
    await refreshed;
    assert.equal(source.scorecard?.apps.length, 2);
    source.dispose();
  });

  test('a failed request is reported and the last scorecard kept', async () => {
    const errors: unknown[] = [];
    let fail = false;
    const source = new ScorecardSource({
      fetch: async () => {
        if (fail) throw new Error('method not found');
        return recorded();
      },
      debounceMs: 5,
      onError: (e) => errors.push(e),
    });
    await source.refresh();
    fail = true;
    await source.refresh();
    assert.equal(errors.length, 1);
    assert.equal(source.scorecard?.apps.length, 2);
    source.dispose();
  });
});

describe('manifest', () => {
  interface Manifest {
    contributes: {
      viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
      views: Record<string, { id: string; name: string }[]>;
      viewsWelcome: { view: string; contents: string; when: string }[];
      commands: { command: string; title: string; category?: string; icon?: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
    };
  }
  const { contributes } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

  test('contributes the Twelve-Factor container, its Scorecard view and an icon that exists', () => {
    const [container] = contributes.viewsContainers.activitybar.filter((c) => c.title === 'Twelve-Factor');
    assert.ok(container);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, container.icon)), container.icon);
    assert.deepEqual(contributes.views[container.id].map((v) => [v.id, v.name]), [[ids.VIEW_ID, 'Scorecard']]);
  });

  test('the view title offers the commands the code registers, each titled under Twelve-Factor with an icon', () => {
    const titleActions = contributes.menus['view/title'].filter((m) => m.when === `view == ${ids.VIEW_ID}`).map((m) => m.command);
    assert.deepEqual(titleActions, [ids.RESCAN_COMMAND, ids.OPEN_REPORT_COMMAND, ids.EXPORT_REPORT_COMMAND]);
    for (const id of titleActions) {
      const command = contributes.commands.find((c) => c.command === id);
      assert.equal(command?.category, 'Twelve-Factor', id);
      assert.match(command?.icon ?? '', /^\$\([a-z-]+\)$/, id);
    }
  });

  test('a welcome view shows when the scorecard is ready and there is no app', () => {
    const welcome = contributes.viewsWelcome.find((w) => w.view === ids.VIEW_ID && w.when === `${ids.READY_CONTEXT} && !${ids.HAS_APP_CONTEXT}`);
    assert.match(welcome?.contents ?? '', /No app found/);
    assert.ok(welcome?.contents.includes(`command:${ids.RESCAN_COMMAND}`));
  });
});
