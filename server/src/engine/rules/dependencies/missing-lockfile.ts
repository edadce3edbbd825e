import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { goModDirectives, isLocalReplaceTarget, packageDependencies } from '../../languages/dependency-manifests';
import { lineRange } from '../../languages/documents';
import { findNearby } from '../repo-files';

/** npm, Yarn, pnpm and Bun lockfiles; a workspace keeps one at its root, above the packages. */
export const NODE_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

function goModFinding(ctx: RuleContext): FindingDraft[] {
  // A module replaced by a folder has no checksum to record.
  const local = new Set(goModDirectives(ctx.text, 'replace').filter((r) => isLocalReplaceTarget(r.args[r.args.indexOf('=>') + 1] ?? '')).map((r) => r.args[0]));
  const required = goModDirectives(ctx.text, 'require').filter((r) => !local.has(r.args[0]));
  if (required.length === 0 || findNearby(ctx, ['go.sum'], false)) return [];
  const first = required[0];
  return [{
    range: lineRange(first.line, first.starts[0], first.starts[first.starts.length - 1] + first.args[first.args.length - 1].length),
    message: 'go.mod requires modules but there is no go.sum next to it, so the exact module contents are not verified; run `go mod tidy` and commit go.sum',
    data: { manifest: 'go.mod', lockfile: 'go.sum' },
  }];
}

function packageJsonFinding(ctx: RuleContext): FindingDraft[] {
  // Peer dependencies are the host app's to install and lock.
  const dependencies = packageDependencies(ctx.text).filter((d) => d.section !== 'peerDependencies');
  if (dependencies.length === 0 || findNearby(ctx, NODE_LOCKFILES, true)) return [];
  return [{
    range: dependencies[0].sectionRange,
    message: 'package.json declares dependencies but no lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml, bun.lock) is committed, so each install may resolve other versions; run your package manager\'s install and commit its lockfile',
    data: { manifest: 'package.json' },
  }];
}

const rule: Rule = {
  meta: {
    id: 'dependencies/missing-lockfile',
    factor: 'dependencies',
    severity: 'warning',
    languages: ['gomod', 'packagejson'],
    summary: 'A go.mod or package.json with dependencies but no lockfile (go.sum, package-lock.json, yarn.lock…).',
  },
  check(ctx): FindingDraft[] {
    return ctx.language === 'gomod' ? goModFinding(ctx) : packageJsonFinding(ctx);
  },
};

export default rule;
