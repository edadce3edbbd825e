// Which apps a set of files holds and which files each app has. An app root is a folder holding a
// manifest, a Dockerfile or a Procfile; a file belongs to the deepest app root above it. A file above
// every app (a compose file at a monorepo's root) is shared by the apps below its folder.
import * as path from 'path';
import { languageOf } from '../files';
import { goModDirectives } from '../languages/dependency-manifests';
import { ANCHORS } from '../rules/app-roots';
import type { LanguageId } from '../types';

export interface IndexedApp {
  /** Relative to the index's root, forward slashes; '.' for the root itself. */
  root: string;
  name: string;
  /** The kinds of file the app has (its own and the shared ones). */
  languages: LanguageId[];
}

export interface ScoreIndex {
  /** Absolute folder the app roots are relative to. */
  root: string;
  /** In path order. */
  apps: IndexedApp[];
}

function toRelative(root: string, file: string): string {
  return (path.isAbsolute(file) ? path.relative(root, file) : file).split(path.sep).join('/');
}

function folderOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash === -1 ? '.' : relativePath.slice(0, slash);
}

function contains(folder: string, relativePath: string): boolean {
  return folder === '.' || relativePath === folder || relativePath.startsWith(`${folder}/`);
}

/** The app roots a file counts for: its deepest app root, or, above every app, the apps below its folder. */
export function appsOfPath(appRoots: readonly string[], relativePath: string): string[] {
  if (relativePath.startsWith('../') || relativePath === '..') return [];
  const owners = appRoots.filter((root) => contains(root, relativePath));
  const depth = (root: string): number => (root === '.' ? 0 : root.split('/').length);
  if (owners.length > 0) return [owners.reduce((a, b) => (depth(b) > depth(a) ? b : a))];
  const folder = folderOf(relativePath);
  return appRoots.filter((root) => contains(folder, root));
}

/** A display name: the module path's last element, the package.json name, else the folder's name. */
function appName(absRoot: string, readFile: (absPath: string) => string | undefined): string {
  const goMod = readFile(path.join(absRoot, 'go.mod'));
  const module = goMod !== undefined ? goModDirectives(goMod, 'module')[0]?.args[0] : undefined;
  if (module) return module.slice(module.lastIndexOf('/') + 1);
  const packageJson = readFile(path.join(absRoot, 'package.json'));
  if (packageJson !== undefined) {
    try {
      const name = (JSON.parse(packageJson) as { name?: unknown }).name;
      if (typeof name === 'string' && name) return name;
    } catch {
      // A malformed package.json names nothing; the folder does.
    }
  }
  return path.basename(absRoot);
}

/**
 * The apps among `files` (absolute, or relative to `root`) and their file kinds. `readFile` reads a
 * manifest to name its app.
 */
export function indexFiles(root: string, files: readonly string[], readFile: (absPath: string) => string | undefined): ScoreIndex {
  const relative = files.map((f) => toRelative(root, f)).filter((f) => !f.startsWith('../'));
  const anchors = new Set<string>(ANCHORS);
  const appRoots = [...new Set(relative.filter((f) => anchors.has(f.slice(f.lastIndexOf('/') + 1))).map(folderOf))].sort();
  const languages = new Map(appRoots.map((r) => [r, new Set<LanguageId>()]));
  for (const file of relative) {
    const language = languageOf(file);
    if (!language) continue;
    for (const app of appsOfPath(appRoots, file)) languages.get(app)!.add(language);
  }
  return {
    root,
    apps: appRoots.map((r) => ({ root: r, name: appName(path.join(root, r), readFile), languages: [...languages.get(r)!].sort() })),
  };
}
