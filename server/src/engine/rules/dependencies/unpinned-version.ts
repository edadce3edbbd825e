import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { packageDependencies, requirements } from '../../languages/dependency-manifests';
import { lineRange } from '../../languages/documents';

const COMMIT = /^[0-9a-f]{7,40}$/i;
const GIT_SOURCE = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:)|\.git(#|$)/i;

/**
 * Why an npm version spec floats, or undefined when it is pinned or a range a lockfile pins
 * (`^1.2.0`, `~1.2`, `1.x`, `>=1 <2`). Local protocols (`file:`, `link:`, `workspace:`) are the
 * repository's own code.
 */
function npmFloats(spec: string): string | undefined {
  const s = spec.trim();
  if (/^(file|link|workspace|portal|patch):/.test(s)) return undefined;
  const alias = /^npm:(?:@[^/@]+\/)?[^@]+(?:@(.*))?$/.exec(s); // `npm:other-name@^1.0`
  if (alias) return npmFloats(alias[1] ?? '');
  const [source, fragment] = s.split('#', 2);
  const isGitHubShorthand = /^[\w.-]+\/[\w.-]+$/.test(source) && !source.startsWith('.');
  if (GIT_SOURCE.test(s) || isGitHubShorthand) return fragment !== undefined && COMMIT.test(fragment) ? undefined : 'a git source without a commit';
  if (/^https?:\/\//i.test(s)) return /\d+\.\d+|[0-9a-f]{40}/i.test(s) ? undefined : 'a URL without a version or commit';
  for (const alternative of s.split('||').map((a) => a.trim())) {
    if (/^(\*|x|X|latest|)$/.test(alternative)) return alternative === '' ? 'any version' : `"${alternative}"`;
    if (/>/.test(alternative) && !/</.test(alternative) && !/ - /.test(alternative)) return `"${alternative}" with no upper bound`;
  }
  return undefined;
}

/** Why a requirements.txt line floats, or undefined when `==` pins it, a hash does, or it is a local path or archive. */
function requirementFloats(text: string, hashed: boolean): string | undefined {
  if (hashed) return undefined;
  const direct = /^(?:[\w.[\],-]+\s*@\s*)?((?:git\+|hg\+|svn\+|bzr\+)?[a-z+]+:\/\/\S+)$/i.exec(text);
  if (direct) {
    const url = direct[1];
    if (!/^git\+/i.test(url)) return undefined; // an archive URL names one file
    const ref = /@([^@/#]+)(#.*)?$/.exec(url.replace(/^[^:]+:\/\/[^/]*@/, ''))?.[1];
    return ref && COMMIT.test(ref) ? undefined : 'a git source without a commit';
  }
  if (/^(\.|\/|~)/.test(text)) return undefined;
  const exact = /===?\s*([^,\s]+)/.exec(text);
  if (exact && !exact[1].includes('*')) return undefined;
  return exact ? 'a wildcard version' : 'no exact version';
}

function packageJsonFindings(ctx: RuleContext): FindingDraft[] {
  return packageDependencies(ctx.text).flatMap((dep) => {
    // Peer dependencies state what the package works with; the host app pins them.
    const why = dep.section === 'peerDependencies' ? undefined : npmFloats(dep.spec);
    if (!why) return [];
    const fix = why.startsWith('a git') ? 'pin a commit (#<sha>)' : 'use an exact version or a ^ range with a committed lockfile';
    return [{ range: dep.range, message: `${dep.name} is not pinned (${why}), so each install may fetch different code; ${fix}`, data: { name: dep.name } }];
  });
}

function requirementsFindings(ctx: RuleContext): FindingDraft[] {
  return requirements(ctx.text).flatMap((req) => {
    const why = requirementFloats(req.text, req.hashed);
    if (!why) return [];
    const fix = why.startsWith('a git') ? 'pin a commit (@<sha>)' : 'pin it with == (pip-compile or pip freeze writes them) or a --hash';
    return [{ range: lineRange(req.line, req.start, req.end), message: `${req.text} is not pinned (${why}), so each install may fetch different code; ${fix}`, data: { requirement: req.text } }];
  });
}

const rule: Rule = {
  meta: {
    id: 'dependencies/unpinned-version',
    factor: 'dependencies',
    severity: 'warning',
    languages: ['packagejson', 'requirements'],
    summary: 'A dependency version that floats: *, latest, >= with no upper bound, a git source without a commit, a requirement without ==.',
  },
  check(ctx): FindingDraft[] {
    return ctx.language === 'packagejson' ? packageJsonFindings(ctx) : requirementsFindings(ctx);
  },
};

export default rule;
