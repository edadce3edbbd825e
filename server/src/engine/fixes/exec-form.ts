// Convert to exec form: a shell-form CMD/ENTRYPOINT becomes a JSON array, so the app (not /bin/sh)
// is PID 1 and receives SIGTERM.
//
// What keeps behaviour: a command using no shell feature becomes its plain argument vector (the
// shell only split the words). One that uses pipes, `&&`, `$VAR`, redirects or globs still needs
// the shell, so it becomes `[<shell>, "-c", "… exec <last command>"]`: the shell runs what it ran
// before, then `exec` hands PID 1 to the app. The rule computes both (its `execForm` data). Two
// cases the rule does not see are handled here: a `SHELL` instruction (shell form ran that shell,
// so the `-c` form keeps it), and an ENTRYPOINT next to a CMD (shell form ignored the CMD; a plain
// exec vector would start passing it as arguments, while `sh -c` takes them as `$0…` and ignores them).
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { TextIndex } from '../languages/documents';
import { logicalText, stagesOf } from '../languages/dockerfile';
import type { Range } from '../types';
import type { FindingFixProvider } from './types';

const DEFAULT_SHELL = ['/bin/sh', '-c'];

function jsonArray(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The `sh -c` form the rule proposes for commands that need a shell. */
function isShellScriptForm(vector: readonly string[]): boolean {
  return vector.length === 3 && vector[0] === DEFAULT_SHELL[0] && vector[1] === DEFAULT_SHELL[1];
}

/**
 * The shell the instruction's shell form runs under: the last `SHELL` before it in its stage or the
 * stages it is built on; undefined when a SHELL is not a JSON array of strings.
 */
function shellOf(dockerfile: Dockerfile, instruction: Instruction): string[] | undefined {
  const stages = stagesOf(dockerfile);
  const line = instruction.getRange().start.line;
  let stage = stages.find((s) => s.instructions.includes(instruction));
  const seen = new Set<unknown>();
  for (let before = line; stage && !seen.has(stage); stage = stage.parent) {
    seen.add(stage);
    const shell = [...stage.instructions].reverse().find((i) => i.getKeyword() === 'SHELL' && i.getRange().start.line < before);
    if (shell) {
      try {
        const parsed: unknown = JSON.parse(shell.getArgumentsContent() ?? '');
        return Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
      } catch {
        return undefined;
      }
    }
    before = Number.POSITIVE_INFINITY; // a parent stage's SHELL counts wherever it is in that stage
  }
  return DEFAULT_SHELL;
}

const provider: FindingFixProvider = {
  ruleIds: ['disposability/shell-form-entrypoint'],
  fixesFor(finding, ctx) {
    const { dockerfile } = ctx;
    const proposed = finding.data?.execForm;
    const keyword = finding.data?.keyword;
    if (!dockerfile || typeof proposed !== 'string' || typeof keyword !== 'string') return [];
    const instruction = dockerfile.getInstructions().find((i) => sameRange(i.getRange(), finding.range));
    const args = instruction?.getArgumentsRange();
    if (!instruction || !args) return [];
    const shell = shellOf(dockerfile, instruction);
    if (!shell) return [];
    let vector = JSON.parse(proposed) as string[];
    const index = new TextIndex(ctx.text);
    if (keyword === 'ENTRYPOINT' && !isShellScriptForm(vector) && dockerfile.getInstructions().some((i) => i.getKeyword() === 'CMD')) {
      const script = logicalText(dockerfile, instruction, ctx.text).slice(index.offset(args.start), index.offset(args.end)).trim();
      vector = [...DEFAULT_SHELL, `exec ${script}`];
    }
    if (isShellScriptForm(vector)) vector = [...shell, vector[2]];
    return [
      {
        title: `Convert ${keyword} to exec form`,
        kind: 'quickfix',
        ruleId: finding.ruleId,
        isPreferred: true,
        safe: true,
        changes: [{ kind: 'edit', path: ctx.path, edits: [{ range: args, newText: jsonArray(vector) }] }],
      },
    ];
  },
};

export default provider;
