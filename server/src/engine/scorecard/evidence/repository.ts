// Evidence about the app as a checkout: a git work tree (I) and lockfiles next to its manifests (II).
// Both are reported once per app, from its manifests, as the app-level rules are.
import * as path from 'path';
import { fileHeadRange } from '../../languages/documents';
import { isAppAnchor } from '../../rules/app-roots';
import { NODE_LOCKFILES } from '../../rules/dependencies/missing-lockfile';
import { findNearby, gitRoot } from '../../rules/repo-files';
import { evidence, FILE_START, type EvidenceCollector } from './collector';

export const gitWorkTree: EvidenceCollector = {
  factor: 'codebase',
  kind: 'git-work-tree',
  languages: ['gomod', 'packagejson', 'requirements', 'dockerfile', 'procfile'],
  collect(ctx) {
    if (!isAppAnchor(ctx)) return [];
    if (gitRoot(ctx) === undefined) return [];
    return [evidence(this, ctx.path, fileHeadRange(ctx.text), 'the app is tracked in a git work tree: one codebase for every deploy')];
  },
};

/** Python lockfiles, next to the requirements file. */
const PYTHON_LOCKFILES = ['poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock'];

export const lockfile: EvidenceCollector = {
  factor: 'dependencies',
  kind: 'lockfile',
  languages: ['gomod', 'packagejson', 'requirements'],
  collect(ctx) {
    // A workspace keeps one Node lockfile at its root, above the packages.
    const found =
      ctx.language === 'gomod' ? findNearby(ctx, ['go.sum'], false) : ctx.language === 'packagejson' ? findNearby(ctx, NODE_LOCKFILES, true) : findNearby(ctx, PYTHON_LOCKFILES, false);
    if (!found) return [];
    if (path.dirname(found) === path.dirname(ctx.path)) {
      return [evidence(this, found, FILE_START, `dependencies locked in ${path.basename(found)}, so every build installs the same versions`)];
    }
    // A workspace's lockfile above the app: shown on the app's manifest, so it counts for this app only.
    const where = path.relative(path.dirname(ctx.path), found).split(path.sep).join('/');
    return [evidence(this, ctx.path, fileHeadRange(ctx.text), `dependencies locked in the workspace's ${where}, so every build installs the same versions`)];
  },
};
