// Which files a scan reads: the given paths, walked depth-first in name order, minus what .gitignore
// files exclude (unless git tracks it anyway: a committed file is in the codebase) and the folders no
// one wants scanned, keeping only files the engine has a language for.
import * as fs from 'fs';
import * as path from 'path';
import { languageOf } from '../engine';
import { IgnoreRules } from '../engine/util/gitignore';
import { gitWorkTreeRoot, trackedFiles } from '../diskFs';

/** Never entered, ignored or not. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'vendor']);

export interface ScanFile {
  absPath: string;
  /** Relative to the scanned path (its folder for a file), forward slashes: decides what is test code. */
  scanRelative: string;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A file's text, or undefined when it cannot be read (absent, a folder…). */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The rules in force in `dir` before its own .gitignore is read: `.git/info/exclude` and the
 * .gitignore files from the work tree's root down to `dir`'s parent. Paths are relative to `root`.
 */
function inheritedRules(root: string, dir: string): IgnoreRules {
  let rules = IgnoreRules.none;
  const exclude = readIfExists(path.join(root, '.git', 'info', 'exclude'));
  if (exclude !== undefined) rules = rules.with('', exclude);
  const between = path.relative(root, dir).split(path.sep).filter(Boolean);
  for (let depth = 0; depth < between.length; depth++) {
    const folder = between.slice(0, depth).join('/');
    const text = readIfExists(path.join(root, ...between.slice(0, depth), '.gitignore'));
    if (text !== undefined) rules = rules.with(folder, text);
  }
  return rules;
}

/**
 * The files to scan under the targets (absolute, real paths that exist), grouped by folder in walk
 * order, each once. A target file is taken as given when the engine has a language for it; `onSkip`
 * hears about one it has not.
 */
export function walk(targets: string[], onSkip: (absPath: string, reason: string) => void): ScanFile[] {
  const seen = new Set<string>();
  const files: ScanFile[] = [];

  const add = (absPath: string, scanRelative: string): void => {
    if (seen.has(absPath)) return;
    seen.add(absPath);
    files.push({ absPath, scanRelative });
  };

  /** What git tracks under a work tree, and the folders holding it: ignored, yet committed. */
  const trackedIn = new Map<string, { files: Set<string>; folders: Set<string> }>();
  const trackedUnder = (root: string): { files: Set<string>; folders: Set<string> } => {
    let tracked = trackedIn.get(root);
    if (!tracked) {
      const files = (fs.existsSync(path.join(root, '.git')) && trackedFiles(root)) || new Set<string>();
      const folders = new Set<string>();
      for (const file of files) for (let dir = path.dirname(file); dir.length > root.length && !folders.has(dir); dir = path.dirname(dir)) folders.add(dir);
      trackedIn.set(root, (tracked = { files, folders }));
    }
    return tracked;
  };

  /** `onlyTracked`: inside an ignored folder, entered for the files git tracks there and only those. */
  const walkFolder = (dir: string, ignoreRoot: string, scanRoot: string, inherited: IgnoreRules, onlyTracked = false): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      onSkip(dir, 'folder could not be read');
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const ignoreDir = toPosix(path.relative(ignoreRoot, dir));
    const gitignore = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? readIfExists(path.join(dir, '.gitignore')) : undefined;
    const rules = gitignore === undefined ? inherited : inherited.with(ignoreDir, gitignore);
    const ignorePath = (name: string): string => (ignoreDir ? `${ignoreDir}/${name}` : name);
    const folders: { name: string; onlyTracked: boolean }[] = [];
    for (const entry of entries) {
      const absPath = path.join(dir, entry.name);
      // Symbolic links are not followed: git records the link, and following could loop.
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name)) continue;
        const ignored = onlyTracked || rules.ignoresEntry(ignorePath(entry.name), true);
        if (!ignored) folders.push({ name: entry.name, onlyTracked: false });
        else if (trackedUnder(ignoreRoot).folders.has(absPath)) folders.push({ name: entry.name, onlyTracked: true });
      } else if (entry.isFile()) {
        // The folder counts too: `config/production.json` is a config file, `production.json` is not.
        if (!languageOf(absPath)) continue;
        const ignored = onlyTracked || rules.ignoresEntry(ignorePath(entry.name), false);
        if (ignored && !trackedUnder(ignoreRoot).files.has(absPath)) continue;
        add(absPath, toPosix(path.relative(scanRoot, absPath)));
      }
    }
    for (const folder of folders) walkFolder(path.join(dir, folder.name), ignoreRoot, scanRoot, rules, folder.onlyTracked);
  };

  for (const target of targets) {
    if (fs.statSync(target).isDirectory()) {
      const ignoreRoot = gitWorkTreeRoot(target) ?? target;
      walkFolder(target, ignoreRoot, target, inheritedRules(ignoreRoot, target));
    } else if (languageOf(target)) {
      add(target, path.basename(target));
    } else {
      onSkip(target, 'not a file twelve-factor analyses');
    }
  }
  return files;
}
