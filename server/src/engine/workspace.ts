// Workspace facts the rules read: other files of a Go package, the module they belong to, which
// packages import which. The engine never touches the disk: a FileSystemView (the editor's open
// documents over the disk, or the CLI's scan) answers every read.
import * as path from 'path';
import type { Grammars } from './languages/parser';
import { IncrementalTree } from './languages/parser';
import { GoFile, isGeneratedGo, type PackageFiles } from './languages/go';
import { asTree, mirrorTree, type MirrorTree } from './languages/tree-mirror';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { SurveyedFile } from './rules/module-survey';

export interface FileSystemView {
  /** Text of a file, or undefined when it does not exist or cannot be read as text. */
  readFile(absPath: string): string | undefined;
  /** Entry names of a folder with a trailing `/` on folders, or undefined when it is not a folder. */
  listDir(absPath: string): string[] | undefined;
  /** Whether git tracks the file (committed or staged); undefined where that cannot be known. */
  isTrackedByGit?(absPath: string): boolean | undefined;
}

interface CachedFile {
  text: string;
  tree: IncrementalTree;
  go: GoFile;
  /** Once the file is edited: its tree as JavaScript objects, updated edit by edit. */
  mirror?: MirrorTree;
}

/**
 * Parsed Go files by path, each parsed once per text and re-parsed incrementally when its text
 * changes. Trees live in WebAssembly memory, so old ones are deleted, and `trim` bounds how many
 * stay (called between analyses, never while a rule holds a file). A file that changes is being
 * edited: from its first change on, rules read it from a mirror of its tree, which the following
 * edits update in place (a file read once, as in a scan, is not worth mirroring).
 */
export class DocumentStore {
  private readonly files = new Map<string, CachedFile>();
  private readonly parser: Parser;
  /** Characters of source of the files held. */
  private textLength = 0;

  constructor(grammars: Grammars) {
    this.parser = grammars.newParser('go');
  }

  goFile(absPath: string, text: string): GoFile {
    const cached = this.files.get(absPath);
    if (cached) {
      this.files.delete(absPath); // re-insert: most recently used last
      if (cached.text !== text) {
        this.textLength += text.length - cached.text.length;
        cached.tree.update(text);
        const edit = cached.tree.lastEdit;
        cached.mirror = mirrorTree(cached.tree.tree, text, cached.mirror && edit ? { mirror: cached.mirror, edit } : undefined);
        cached.text = text;
        cached.go = new GoFile(absPath, text, asTree(cached.mirror));
      }
      this.files.set(absPath, cached);
      return cached.go;
    }
    const tree = new IncrementalTree(this.parser, text);
    const entry = { text, tree, go: new GoFile(absPath, text, tree.tree) };
    this.files.set(absPath, entry);
    this.textLength += text.length;
    return entry.go;
  }

  forget(absPath: string): void {
    const cached = this.files.get(absPath);
    if (cached) {
      cached.tree.delete();
      this.files.delete(absPath);
      this.textLength -= cached.text.length;
    }
  }

  /** Forgets the least recently used files beyond `maxFiles`, or beyond `maxTextLength` characters of source. */
  trim(maxFiles: number, maxTextLength = Infinity): void {
    for (const key of this.files.keys()) {
      if (this.files.size <= maxFiles && this.textLength <= maxTextLength) break;
      this.forget(key);
    }
  }

  get size(): number {
    return this.files.size;
  }
}

export interface GoModule {
  root: string;
  /** `module` path from go.mod. */
  path: string;
}

const SKIPPED_DIRS = new Set(['vendor', 'testdata', 'node_modules', '.git']);

/** Files whose text facts are kept: a large package's, while its files are analysed one after another. */
const TEXT_FACTS_FILES = 400;

/**
 * Cheap answers about recently read file texts (generated? mentions a word?), kept by path for as
 * long as the text stays the same.
 */
class TextFacts {
  private readonly entries = new Map<string, { text: string; generated: boolean; answers: Map<string, boolean> }>();

  constructor(private readonly maxFiles: number) {}

  of(absPath: string, text: string): { generated: boolean; answers: Map<string, boolean> } {
    let entry = this.entries.get(absPath);
    if (entry?.text !== text) entry = { text, generated: isGeneratedGo(text), answers: new Map() };
    this.entries.delete(absPath); // re-insert: most recently used last
    this.entries.set(absPath, entry);
    if (this.entries.size > this.maxFiles) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  answer(absPath: string, text: string, question: string, compute: () => boolean): boolean {
    const { answers } = this.of(absPath, text);
    let answer = answers.get(question);
    if (answer === undefined) answers.set(question, (answer = compute()));
    return answer;
  }
}

export class GoWorkspace {
  private readonly textFacts = new TextFacts(TEXT_FACTS_FILES);
  private readonly moduleCache = new Map<string, GoModule | null>();
  private readonly packageDirsCache = new Map<string, string[]>();
  /**
   * The file being analysed reads as the text given to the engine, whatever the FileSystemView says:
   * re-reading it from elsewhere would re-parse it and free the tree the rules are walking.
   */
  private analysed?: { path: string; text: string };

  /**
   * Module-survey facts worked out elsewhere (a scan's other workers), by absolute path: only for
   * files that do not change while the engine lives.
   */
  readonly surveyed = new Map<string, SurveyedFile>();

  constructor(private readonly fs: FileSystemView, private readonly store: DocumentStore) {}

  /**
   * Folder listings read during the current analysis: rules list the same folders again and again,
   * and nothing changes on disk in the middle of one (synchronous) analysis.
   */
  private listings?: Map<string, string[] | undefined>;

  /** Runs `fn` with `absPath` reading as `text`. */
  whileAnalysing<T>(absPath: string, text: string, fn: () => T): T {
    const previous = this.analysed;
    const outermost = this.listings === undefined;
    this.analysed = { path: absPath, text };
    if (outermost) this.listings = new Map();
    try {
      return fn();
    } finally {
      this.analysed = previous;
      if (outermost) this.listings = undefined;
    }
  }

  /** Call when files were created, deleted or changed outside the editor. */
  invalidate(): void {
    this.moduleCache.clear();
    this.packageDirsCache.clear();
  }

  /** A file's text (the open editor's where open), for rules that read a sibling Dockerfile, Procfile or script. */
  readFile(absPath: string): string | undefined {
    if (this.analysed?.path === absPath) return this.analysed.text;
    return this.fs.readFile(absPath);
  }

  /** Entry names of a folder, folders with a trailing `/`. */
  listDir(absPath: string): string[] | undefined {
    if (!this.listings) return this.fs.listDir(absPath);
    if (!this.listings.has(absPath)) this.listings.set(absPath, this.fs.listDir(absPath));
    return this.listings.get(absPath);
  }

  /** Whether git tracks the file, where the view can tell. */
  isTrackedByGit(absPath: string): boolean | undefined {
    return this.fs.isTrackedByGit?.(absPath);
  }

  /**
   * The non-test Go files of the package in `dir`, parsed (the open editor's text where open). With
   * `accept`, only the files whose text it accepts: a cheap filter before parsing; `except`, a file left out.
   */
  packageFiles(dir: string, accept?: (text: string, absPath: string) => boolean, except?: string): GoFile[] {
    const names = this.listDir(dir) ?? [];
    const files: GoFile[] = [];
    for (const name of names) {
      if (!name.endsWith('.go') || name.endsWith('_test.go') || name.endsWith('/')) continue;
      const abs = path.join(dir, name);
      if (abs === except) continue;
      const text = this.readFile(abs);
      if (text === undefined || this.textFacts.of(abs, text).generated || (accept && !accept(text, abs))) continue;
      files.push(this.store.goFile(abs, text));
    }
    return files;
  }

  /** The other files of `file`'s folder in its package whose text contains `word`. */
  packageFilesMentioning(file: GoFile, word: string): GoFile[] {
    return this.packageFiles(path.dirname(file.path), (text, abs) => this.mentions(abs, text, word) && this.declaresPackage(abs, text, file.packageName), file.path);
  }

  /** Whether a package file's text contains `word`: asked again and again as each file of a package is analysed. */
  private mentions(absPath: string, text: string, word: string): boolean {
    return this.textFacts.answer(absPath, text, word, () => text.includes(word));
  }

  /** Whether a file declares the package (a folder can also hold `//go:build ignore` generators in `package main`). */
  private declaresPackage(absPath: string, text: string, packageName: string): boolean {
    return this.textFacts.answer(absPath, text, `\0package ${packageName}`, () => new RegExp(`^package ${packageName}\\b`, 'm').test(text));
  }

  /**
   * The package of a file being analysed: the file itself, as analysed, and the other files of its
   * folder in the same package (not a `//go:build ignore` generator in `package main`).
   */
  packageOf(file: GoFile): GoFile[] {
    const others = this.packageFiles(path.dirname(file.path), (text, abs) => this.declaresPackage(abs, text, file.packageName), file.path);
    return [file, ...others.filter((f) => f.packageName === file.packageName)];
  }

  /**
   * The package of `file` as a lookup: all its files, or with `mentions` only those whose text contains
   * one of the words, parsed only when they do. Results are kept for the lookup's lifetime (one analysis).
   */
  packageLookup(file: GoFile): PackageFiles {
    const dir = path.dirname(file.path);
    const byKey = new Map<string, GoFile[]>();
    return (mentions, alsoMentions) => {
      const key = `${mentions?.join('\0') ?? ''}\n${alsoMentions?.join('\0') ?? ''}`;
      let files = byKey.get(key);
      if (!files) {
        const mentionsAny = (words: readonly string[] | undefined, text: string, abs: string): boolean => !words || words.some((w) => this.mentions(abs, text, w));
        const accept = (text: string, abs: string): boolean =>
          this.declaresPackage(abs, text, file.packageName) && mentionsAny(mentions, text, abs) && mentionsAny(alsoMentions, text, abs);
        files = [file, ...this.packageFiles(dir, accept, file.path).filter((f) => f.packageName === file.packageName)];
        byKey.set(key, files);
      }
      return files;
    };
  }

  /** The Go file at `absPath` with the given text, from the shared store. */
  file(absPath: string, text: string): GoFile {
    return this.store.goFile(absPath, text);
  }

  /** The module (go.mod) a folder belongs to. */
  moduleOf(dir: string): GoModule | undefined {
    const cached = this.moduleCache.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    let found: GoModule | null = null;
    const goMod = this.readFile(path.join(dir, 'go.mod'));
    if (goMod !== undefined) {
      const m = /^\s*module\s+("?)([^\s"]+)\1/m.exec(goMod);
      found = { root: dir, path: m ? m[2] : '' };
    } else {
      const parent = path.dirname(dir);
      found = parent !== dir ? this.moduleOf(parent) ?? null : null;
    }
    this.moduleCache.set(dir, found);
    return found ?? undefined;
  }

  /** Folder of a module-local import path, or undefined for imports from elsewhere. */
  dirOfImport(module: GoModule, importPath: string): string | undefined {
    if (!module.path) return undefined;
    if (importPath === module.path) return module.root;
    if (!importPath.startsWith(module.path + '/')) return undefined;
    return path.join(module.root, importPath.slice(module.path.length + 1));
  }

  /** Import path of a folder inside a module. */
  importPathOf(module: GoModule, dir: string): string {
    const rel = path.relative(module.root, dir).split(path.sep).join('/');
    return rel ? `${module.path}/${rel}` : module.path;
  }

  /** Every folder of the module holding Go files (vendor, testdata and hidden folders skipped). */
  packageDirs(module: GoModule): string[] {
    const cached = this.packageDirsCache.get(module.root);
    if (cached) return cached;
    const out: string[] = [];
    const walk = (dir: string, depth: number): void => {
      const entries = this.fs.listDir(dir);
      if (!entries || depth > 12) return;
      if (entries.some((e) => e.endsWith('.go'))) out.push(dir);
      for (const e of entries) {
        if (!e.endsWith('/')) continue;
        const name = e.slice(0, -1);
        if (SKIPPED_DIRS.has(name) || name.startsWith('.') || name.startsWith('_')) continue;
        const sub = path.join(dir, name);
        if (sub !== module.root && this.readFile(path.join(sub, 'go.mod')) !== undefined) continue; // a nested module
        walk(sub, depth + 1);
      }
    };
    walk(module.root, 0);
    this.packageDirsCache.set(module.root, out);
    return out;
  }

  /** Module-local packages imported by the files of a package. */
  importedPackageDirs(files: GoFile[], module: GoModule): string[] {
    const dirs = new Set<string>();
    for (const f of files) {
      for (const importPath of f.imports.values()) {
        const dir = this.dirOfImport(module, importPath);
        if (dir) dirs.add(dir);
      }
    }
    return [...dirs];
  }
}

/**
 * The package of the file being analysed, parsed only as far as a rule needs it: the files whose text
 * mentions a name (a variable, a field, a function) are the only ones that can read or call it.
 */
export class PackageView {
  private readonly byWord = new Map<string, GoFile[]>();
  private readonly byTree = new Map<Tree, GoFile>();

  constructor(private readonly workspace: GoWorkspace, readonly file: GoFile) {
    this.byTree.set(file.tree, file);
  }

  /** The analysed file first, then the other files of its package whose text contains `word`. */
  filesMentioning(word: string): GoFile[] {
    let files = this.byWord.get(word);
    if (!files) {
      const others = this.workspace.packageFilesMentioning(this.file, word);
      files = [this.file, ...others];
      for (const f of others) this.byTree.set(f.tree, f);
      this.byWord.set(word, files);
    }
    return files;
  }

  /** The file a node of one of the files handed out belongs to. */
  fileOf(node: Node): GoFile | undefined {
    return this.byTree.get(node.tree);
  }
}
