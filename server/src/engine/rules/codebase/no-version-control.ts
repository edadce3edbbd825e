// I. Codebase: an app outside any git work tree has no codebase to deploy from.
import type { Rule } from '../../rule';
import { appFinding, foldersAbove, isAppAnchor } from '../app-roots';

const rule: Rule = {
  meta: {
    id: 'codebase/no-version-control',
    factor: 'codebase',
    severity: 'warning',
    languages: ['gomod', 'packagejson', 'requirements', 'dockerfile', 'procfile'],
    summary: 'The app is not inside a version-controlled codebase',
    appLevel: true,
  },
  check(ctx) {
    if (!isAppAnchor(ctx)) return [];
    // `.git` is a folder in a clone, a file in worktrees and submodules.
    const tracked = foldersAbove(ctx).some((dir) => {
      const entries = ctx.workspace.listDir(dir) ?? [];
      return entries.includes('.git/') || entries.includes('.git');
    });
    return tracked ? [] : [appFinding(ctx, 'the app is not inside a git work tree; track it in version control (git init) so every deploy comes from one codebase')];
  },
};

export default rule;
