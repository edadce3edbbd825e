// On a committed env file: "Add .env to .gitignore" (the nearest .gitignore, created at the
// repository root when there is none) and "Create .env.example" — the same keys and comments with
// every value blanked, so the example documents what to set and leaks nothing.
import * as path from 'path';
import { TextIndex } from '../languages/documents';
import type { RuleContext } from '../rule';
import { foldersUpTo, gitRoot, repositoryRoot } from '../rules/repo-files';
import { credentialInUrl, providerSecret } from '../util/literals';
import type { Fix, FixContext, FindingFixProvider } from './types';

const ENTRY = /^(\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*[=:])[ \t]*(.*)$/;
const COMMENTED_ENTRY = /^(\s*#\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*=)/;

function ruleContext(ctx: FixContext): RuleContext {
  return { path: ctx.path, relativePath: ctx.relativePath, language: ctx.language, text: ctx.text, isTest: false, workspace: ctx.workspace };
}

/** `.env` → `.env.example`; any other env file gets `.example` appended (`.env.production.example`). */
export function exampleNameOf(name: string): string {
  return name === '.env' ? '.env.example' : `${name}.example`;
}

/** Whether a quoted value opened on a line also closes on it. */
function closesOnLine(rest: string, quote: string): boolean {
  return quote === '"' ? /^"(?:\\.|[^"\\])*"/.test(rest) : rest.indexOf(quote, 1) !== -1;
}

/** A comment line that holds a credential (a commented-out key, a URL with a password): not copied. */
function holdsCredential(line: string): boolean {
  return line.split(/[\s"'=]+/).some((word) => word !== '' && (providerSecret(word) !== undefined || credentialInUrl(word) !== undefined));
}

/**
 * The env file's keys with blank values: comment and blank lines kept (a commented-out entry blanked
 * too, a comment holding a credential dropped), inline comments and continuation lines of multi-line
 * values dropped, anything else dropped. Line endings as the file has them.
 */
export function blankedEnv(text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*$/.test(line)) out.push(line);
    else if (/^\s*#/.test(line)) {
      const commented = COMMENTED_ENTRY.exec(line);
      if (commented) out.push(commented[1]);
      else if (!holdsCredential(line)) out.push(line);
    } else {
      const entry = ENTRY.exec(line);
      if (!entry) continue;
      out.push(entry[1].trimEnd().replace(/\s*([=:])$/, '$1'));
      const quote = entry[2][0];
      if ((quote === '"' || quote === "'" || quote === '`') && !closesOnLine(entry[2], quote)) {
        // The value runs on to the line that closes the quote: those lines are value, never copied.
        while (i + 1 < lines.length && !lines[++i].includes(quote));
      }
    }
  }
  return out.join(eol);
}

/** The keys an env text sets (commented-out ones included). */
function keysOf(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s*#?\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]/.exec(line);
    if (m) keys.add(m[1]);
  }
  return keys;
}

function gitignoreFix(ctx: FixContext, name: string, ruleId: string): Fix | undefined {
  const rctx = ruleContext(ctx);
  const nearest = foldersUpTo(rctx, repositoryRoot(rctx))
    .map((dir) => path.join(dir, '.gitignore'))
    .find((file) => ctx.workspace.readFile(file) !== undefined);
  // The bare name: it matches the file from a .gitignore in its folder or any folder above.
  const title = ctx.workspace.isTrackedByGit(ctx.path) ? `Add ${name} to .gitignore (git still tracks it: run git rm --cached ${name})` : `Add ${name} to .gitignore`;
  const base = { title, kind: 'quickfix' as const, ruleId, isPreferred: true };
  if (!nearest) return { ...base, changes: [{ kind: 'create', path: path.join(gitRoot(rctx) ?? path.dirname(ctx.path), '.gitignore'), text: `${name}\n` }] };
  const text = ctx.workspace.readFile(nearest) ?? '';
  if (text.split('\n').some((line) => line.trim() === name || line.trim() === `/${name}`)) return undefined;
  const end = new TextIndex(text).position(text.length);
  const newText = `${text === '' || text.endsWith('\n') ? '' : '\n'}${name}\n`;
  return { ...base, changes: [{ kind: 'edit', path: nearest, edits: [{ range: { start: end, end }, newText }] }] };
}

function exampleFix(ctx: FixContext, name: string, ruleId: string): Fix | undefined {
  const exampleName = exampleNameOf(name);
  const examplePath = path.join(path.dirname(ctx.path), exampleName);
  const existing = ctx.workspace.readFile(examplePath);
  const blanked = blankedEnv(ctx.text);
  if (existing === undefined) {
    return { title: `Create ${exampleName} with the keys of ${name} (no values)`, kind: 'quickfix', ruleId, changes: [{ kind: 'create', path: examplePath, text: blanked }] };
  }
  // An example that exists gets the keys it lacks, blank.
  const have = keysOf(existing);
  const missing = blanked.split(/\r?\n/).filter((line) => {
    const key = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]$/.exec(line)?.[1];
    return key !== undefined && !have.has(key);
  });
  if (missing.length === 0) return undefined;
  const end = new TextIndex(existing).position(existing.length);
  const newText = `${existing === '' || existing.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`;
  return {
    title: `Add ${missing.length === 1 ? 'the missing key' : `${missing.length} missing keys`} of ${name} to ${exampleName} (no values)`,
    kind: 'quickfix',
    ruleId,
    changes: [{ kind: 'edit', path: examplePath, edits: [{ range: { start: end, end }, newText }] }],
  };
}

const provider: FindingFixProvider = {
  ruleIds: ['config/committed-env-file'],
  fixesFor(finding, ctx) {
    const name = path.basename(ctx.path);
    return [gitignoreFix(ctx, name, finding.ruleId), exampleFix(ctx, name, finding.ruleId)].filter((f): f is Fix => f !== undefined);
  },
};

export default provider;
