// The engine's own rules: they judge twelve-factor's suppression comments and `.twelve-factor.yml`,
// not the app, so they have no check of their own in the registry; the engine reports them.
import { RULES } from './registry';
import type { RuleMeta } from './types';

export const UNKNOWN_RULE: RuleMeta = {
  id: 'twelve-factor/unknown-rule',
  // RuleMeta needs a factor; `engine` says this rule breaks none.
  factor: 'codebase',
  severity: 'warning',
  languages: ['go', 'gomod', 'dockerfile', 'compose', 'yaml', 'procfile', 'dotenv', 'shell', 'ini', 'toml', 'properties', 'requirements', 'twelve-factor-config'],
  summary: 'A suppression comment names a rule that does not exist, or no rule',
  engine: true,
};

export const INVALID_CONFIG: RuleMeta = {
  id: 'twelve-factor/invalid-config',
  factor: 'codebase',
  severity: 'warning',
  languages: ['twelve-factor-config'],
  summary: '.twelve-factor.yml is malformed or names an unknown setting, rule or severity',
  engine: true,
};

export const ENGINE_RULES: readonly RuleMeta[] = [UNKNOWN_RULE, INVALID_CONFIG];

/** The registry's rules, then the engine's own: every rule a finding can come from. */
export const ALL_RULE_METAS: readonly RuleMeta[] = [...RULES.map((r) => r.meta), ...ENGINE_RULES];

/** Every id a suppression comment, `.twelve-factor.yml` or an editor setting may name. */
export const KNOWN_RULE_IDS: readonly string[] = ALL_RULE_METAS.map((m) => m.id);

/** Where a rule's doc is, relative to the repository root: `docs/rules/<factor>/<rule>.md`. */
export function docsPathOf(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

// Filled in here, from the id, so no rule file has to spell it.
for (const meta of ALL_RULE_METAS) meta.docs ??= docsPathOf(meta.id);

/**
 * The candidates closest to a misspelt name (up to three equally close), by edit distance to the
 * whole id or to its part after the `/` (a rule named without its factor, or under the wrong one).
 */
export function closeMatches(name: string, candidates: readonly string[]): string[] {
  const slug = name.slice(name.lastIndexOf('/') + 1);
  const scored = candidates.map((c) => {
    const candidateSlug = c.slice(c.lastIndexOf('/') + 1);
    return { c, d: Math.min(editDistance(name, c), editDistance(slug, candidateSlug)) };
  });
  const best = Math.min(Math.max(2, Math.floor(slug.length / 6)), ...scored.map((s) => s.d));
  return scored
    .filter((s) => s.d <= best)
    .map((s) => s.c)
    .sort()
    .slice(0, 3);
}

/** ` Did you mean a or b?`, or nothing. */
export function didYouMean(matches: readonly string[]): string {
  if (matches.length === 0) return '';
  const list = matches.length === 1 ? matches[0] : `${matches.slice(0, -1).join(', ')} or ${matches[matches.length - 1]}`;
  return `; did you mean ${list}?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
