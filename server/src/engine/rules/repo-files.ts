// Where a file sits in its repository: what its .gitignore files ignore, which files lie next to it
// or above it, and whether a path a manifest points to stays inside the repository.
import * as path from 'path';
import type { RuleContext } from '../rule';
import { IgnoreRules } from '../util/gitignore';
import { workspaceRoot } from './runtime-commands';

/** Folders from the file's own up to `root` (inclusive), innermost first. */
export function foldersUpTo(ctx: RuleContext, root: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(ctx.path); ; dir = path.dirname(dir)) {
    out.push(dir);
    if (dir === root || path.dirname(dir) === dir) return out;
  }
}

/**
 * The root of the git work tree holding the file: the nearest folder with `.git` (a folder, or a file
 * in worktrees and submodules), looked for above the workspace root too; undefined outside git.
 */
export function gitRoot(ctx: RuleContext): string | undefined {
  for (let dir = path.dirname(ctx.path), depth = 0; depth < 40; dir = path.dirname(dir), depth++) {
    const entries = ctx.workspace.listDir(dir) ?? [];
    if (entries.includes('.git/') || entries.includes('.git')) return dir;
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}

/**
 * The repository's root: the git work tree's (a scan of one app folder still lives in its repository);
 * the workspace root when there is none.
 */
export function repositoryRoot(ctx: RuleContext): string {
  return gitRoot(ctx) ?? workspaceRoot(ctx);
}

function relativeTo(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}

/**
 * Whether the file stays out of the repository: ignored by `.git/info/exclude` and the .gitignore files
 * from the repository root down to its folder, and not tracked anyway (a force-added file is committed
 * whatever .gitignore says).
 */
export function isGitIgnored(ctx: RuleContext): boolean {
  if (ctx.workspace.isTrackedByGit(ctx.path)) return false;
  const root = repositoryRoot(ctx);
  let rules = IgnoreRules.none;
  const exclude = ctx.workspace.readFile(path.join(root, '.git', 'info', 'exclude'));
  if (exclude !== undefined) rules = rules.with('', exclude);
  for (const dir of foldersUpTo(ctx, root).reverse()) {
    const text = ctx.workspace.readFile(path.join(dir, '.gitignore'));
    if (text !== undefined) rules = rules.with(relativeTo(root, dir), text);
  }
  return rules.ignores(relativeTo(root, ctx.path), false);
}

/** The first of `names` found in the file's folder or, when `upwards`, in a folder above it up to the repository root. */
export function findNearby(ctx: RuleContext, names: readonly string[], upwards: boolean): string | undefined {
  const dirs = upwards ? foldersUpTo(ctx, repositoryRoot(ctx)) : [path.dirname(ctx.path)];
  for (const dir of dirs) {
    const entries = new Set(ctx.workspace.listDir(dir) ?? []);
    const found = names.find((name) => entries.has(name));
    if (found) return path.join(dir, found);
  }
  return undefined;
}

/** Whether a path written in the file (relative to its folder, or absolute) leads out of the repository. */
export function leavesRepository(ctx: RuleContext, target: string): boolean {
  const relative = relativeTo(repositoryRoot(ctx), path.resolve(path.dirname(ctx.path), target));
  return relative === '..' || relative.startsWith('../') || path.isAbsolute(relative);
}
