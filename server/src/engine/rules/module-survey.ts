// Facts about every Go file of a module read off its text, without parsing: whether the app has a
// config loader, whether it serves requests. A whole module is too much to parse on a keystroke, and
// too much to re-read for every file of a CLI scan, so a survey is kept until the workspace
// re-lists the module's folders (after files change on disk); the analysed file always counts with
// the text being analysed.
import * as path from 'path';
import type { GoFile } from '../languages/go';
import { isGeneratedGo } from '../languages/go';
import type { GoWorkspace } from '../workspace';

/**
 * What a survey learns from one file (its path relative to the module root, forward slashes, and its
 * text); undefined when the file tells nothing.
 */
export type FileSurvey<T> = (relativePath: string, text: string) => T | undefined;

/** `//go:build ignore`: a generator run by `go run`, no part of any package. */
export const BUILD_IGNORE = /^\/\/(go:build|\s*\+build)\s+ignore\b/m;

/** Keyed by the workspace's list of the module's folders, which it replaces when it invalidates. */
const surveys = new WeakMap<readonly string[], Map<FileSurvey<unknown>, Map<string, unknown>>>();

/** The surveys rules declare, by name: a module's files are read once for all of them. */
const declared = new Map<FileSurvey<unknown>, string>();

/** A survey, declared (at module level) so that the pass reading a module's files answers it too. */
export function declareSurvey<T>(name: string, survey: FileSurvey<T>): FileSurvey<T> {
  if ([...declared.values()].includes(name)) throw new Error(`module survey ${name} is declared twice`);
  declared.set(survey as FileSurvey<unknown>, name);
  return survey;
}

/**
 * What every declared survey learns from one file, by survey name (a survey that learns nothing is
 * absent); null for a file no survey reads (test code, generated, a `//go:build ignore` generator).
 * Plain data: a scan's workers survey their share of the files and hand the facts to one another.
 */
export type SurveyedFile = Record<string, unknown> | null;

function isSurveyedName(fileName: string): boolean {
  return fileName.endsWith('.go') && !fileName.endsWith('_test.go');
}

function isSurveyedText(text: string | undefined): text is string {
  return text !== undefined && !isGeneratedGo(text) && !BUILD_IGNORE.test(text);
}

/** What `surveys` learn from a file's text, by survey name. */
function factsOf(relativePath: string, text: string, surveys: Iterable<[FileSurvey<unknown>, string]>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [survey, name] of surveys) {
    const found = survey(relativePath, text);
    // A copy: strings cut from the text (regex matches) would otherwise keep the whole text alive.
    if (found !== undefined) facts[name] = structuredClone(found);
  }
  return facts;
}

/** Every declared survey's facts about a file (relative to its module root, or its folder outside a module). */
export function surveyFile(workspace: GoWorkspace, filePath: string): SurveyedFile {
  if (!isSurveyedName(path.basename(filePath))) return null;
  const text = workspace.readFile(filePath);
  return isSurveyedText(text) ? factsOf(moduleRelativePath(workspace, filePath), text, declared) : null;
}

/**
 * The facts of every non-test, non-generated Go file of the analysed file's module (of its folder,
 * when it belongs to no module), by path relative to the module root. `survey` must be declared with
 * `declareSurvey` (so the module is read once for all surveys): it keys the cache. Files the workspace
 * was handed surveys of (`GoWorkspace.surveyed`) are not read again.
 */
export function surveyModule<T>(workspace: GoWorkspace, analysed: GoFile, survey: FileSurvey<T>): Map<string, T> {
  const name = declared.get(survey as FileSurvey<unknown>);
  if (name === undefined) throw new Error('surveyModule needs a survey declared with declareSurvey');
  const dir = path.dirname(analysed.path);
  const module = workspace.moduleOf(dir);
  const dirs = module ? workspace.packageDirs(module) : [dir];
  const relative = (filePath: string): string => path.relative(module?.root ?? dir, filePath).split(path.sep).join('/');
  // Without a module, the folder's listing keys the cache: a scan lists a folder once, an editor on every read.
  const key = module ? dirs : workspace.listDir(dir);
  const bySurvey = (key && surveys.get(key)) || new Map<FileSurvey<unknown>, Map<string, unknown>>();
  let facts = bySurvey.get(survey as FileSurvey<unknown>) as Map<string, T> | undefined;
  if (!facts) {
    // One pass over the module's files answers every survey not answered yet.
    const pending = [...declared].filter(([s]) => !bySurvey.has(s));
    for (const [s] of pending) bySurvey.set(s, new Map());
    for (const d of dirs) {
      for (const fileName of workspace.listDir(d) ?? []) {
        if (!isSurveyedName(fileName)) continue;
        const filePath = path.join(d, fileName);
        const relativePath = relative(filePath);
        let known = workspace.surveyed.get(filePath);
        if (known === undefined) {
          const text = workspace.readFile(filePath);
          if (!isSurveyedText(text)) continue;
          known = factsOf(relativePath, text, pending);
        }
        if (known === null) continue;
        for (const [s, surveyName] of pending) {
          if (known[surveyName] !== undefined) bySurvey.get(s)!.set(relativePath, known[surveyName]);
        }
      }
    }
    if (key) surveys.set(key, bySurvey);
    facts = bySurvey.get(survey as FileSurvey<unknown>) as Map<string, T>;
  }
  // The analysed file as it is now, not as it was when the module was surveyed.
  const analysedPath = relative(analysed.path);
  const current = BUILD_IGNORE.test(analysed.text) ? undefined : survey(analysedPath, analysed.text);
  if (JSON.stringify(facts.get(analysedPath)) === JSON.stringify(current)) return facts;
  const updated = new Map(facts);
  if (current === undefined) updated.delete(analysedPath);
  else updated.set(analysedPath, current);
  return updated;
}

/** Relative path of a file inside its module (or its folder), forward slashes, for messages. */
export function moduleRelativePath(workspace: GoWorkspace, filePath: string): string {
  const root = workspace.moduleOf(path.dirname(filePath))?.root ?? path.dirname(filePath);
  return path.relative(root, filePath).split(path.sep).join('/');
}
