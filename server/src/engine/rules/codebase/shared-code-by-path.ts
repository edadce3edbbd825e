import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { goModDirectives, isLocalReplaceTarget, packageDependencies } from '../../languages/dependency-manifests';
import { lineRange } from '../../languages/documents';
import { leavesRepository } from '../repo-files';

const ADVICE = 'code shared between apps belongs in a library of its own, versioned and required like any dependency';

function goModFindings(ctx: RuleContext): FindingDraft[] {
  return goModDirectives(ctx.text, 'replace').flatMap(({ args, starts, line }) => {
    const arrow = args.indexOf('=>');
    const target = args[arrow + 1];
    if (arrow < 1 || !target || !isLocalReplaceTarget(target) || !leavesRepository(ctx, target)) return [];
    return [{
      range: lineRange(line, starts[arrow + 1], starts[arrow + 1] + target.length),
      message: `go.mod replaces ${args[0]} with ${target}, a folder outside this repository, so the app builds only next to that checkout; ${ADVICE}`,
      data: { module: args[0], target },
    }];
  });
}

function packageJsonFindings(ctx: RuleContext): FindingDraft[] {
  return packageDependencies(ctx.text).flatMap((dep) => {
    const target = /^(?:file|link):(.+)$/.exec(dep.spec.trim())?.[1];
    if (!target || !leavesRepository(ctx, target)) return [];
    return [{
      range: dep.range,
      message: `${dep.name} comes from ${target}, a folder outside this repository, so the app builds only next to that checkout; ${ADVICE}`,
      data: { name: dep.name, target },
    }];
  });
}

const rule: Rule = {
  meta: {
    id: 'codebase/shared-code-by-path',
    factor: 'codebase',
    severity: 'warning',
    languages: ['gomod', 'packagejson'],
    summary: 'A dependency taken from a folder outside the repository (go.mod replace => ../other-app, file:../lib).',
  },
  check(ctx): FindingDraft[] {
    return ctx.language === 'gomod' ? goModFindings(ctx) : packageJsonFindings(ctx);
  },
};

export default rule;
