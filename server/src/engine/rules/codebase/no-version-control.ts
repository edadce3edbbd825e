// I. Codebase: an app outside any git work tree has no codebase to deploy from.
import type { Rule } from '../../rule';
import { ANCHORS, appFinding, isAppAnchor } from '../app-roots';
import { gitRoot } from '../repo-files';
import { foldersUp } from '../runtime-commands';

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
    if (!isAppAnchor(ctx) || gitRoot(ctx) !== undefined) return [];
    // The whole tree lacks version control: said once, on the outermost app (not again for `cmd/server/Dockerfile`).
    const outer = foldersUp(ctx).slice(1).some((dir) => ANCHORS.some((name) => (ctx.workspace.listDir(dir) ?? []).includes(name)));
    return outer ? [] : [appFinding(ctx, 'the app is not inside a git work tree; track it in version control (git init) so every deploy comes from one codebase')];
  },
};

export default rule;
