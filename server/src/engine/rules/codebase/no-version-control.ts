// I. Codebase: an app outside any git work tree has no codebase to deploy from.
import type { Rule } from '../../rule';
import { appFinding, isAppAnchor, isInsideAnotherApp } from '../app-roots';
import { gitRoot } from '../repo-files';

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
    // The whole tree lacks version control: said once, on the outermost app.
    if (!isAppAnchor(ctx) || isInsideAnotherApp(ctx) || gitRoot(ctx) !== undefined) return [];
    return [appFinding(ctx, 'the app is not inside a git work tree; track it in version control (git init) so every deploy comes from one codebase')];
  },
};

export default rule;
