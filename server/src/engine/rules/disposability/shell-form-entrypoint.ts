import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { imageCommands, instructionScript, isInitEntrypoint, logicalText, type ImageCommand } from '../../languages/dockerfile';
import { INIT_PROGRAMS, invocationOf, type ShellScript } from '../../languages/shell';

/**
 * The exec form a shell-form command becomes: the plain argument vector when no shell feature is
 * used, else `["/bin/sh", "-c", "… exec last-command"]` so the app replaces the shell as PID 1.
 */
function execForm(script: ShellScript, text: string): string {
  const lists = script.lists;
  const only = lists.length === 1 && lists[0].pipelines.length === 1 && lists[0].pipelines[0].commands.length === 1 ? lists[0].pipelines[0].commands[0] : undefined;
  if (only && !lists[0].background && only.assignments.length === 0 && only.redirects.length === 0 && only.words.every((w) => !w.expands && !/[*?[~]/.test(w.value))) {
    return jsonArray(only.words.map((w) => w.value));
  }
  const first = lists[0]?.start ?? 0;
  const lastList = lists[lists.length - 1];
  const lastPipeline = lastList?.pipelines[lastList.pipelines.length - 1];
  const lastCommand = lastPipeline?.commands.length === 1 && !lastList.background ? lastPipeline.commands[0] : undefined;
  const shell = lastCommand
    ? `${text.slice(first, lastCommand.start)}exec ${text.slice(lastCommand.start, lastList.end)}`
    : text.slice(first, lastList?.end ?? first);
  return jsonArray(['/bin/sh', '-c', shell.replace(/\s+/g, ' ').trim()]);
}

function jsonArray(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** `CMD exec ./app`, `CMD ./migrate && exec ./app`: the app replaces the shell. `tini -- …`: an init is the child. */
function handsOverPid1(script: ShellScript): boolean {
  const lastList = script.lists[script.lists.length - 1];
  const lastCommand = lastList?.pipelines[lastList.pipelines.length - 1]?.commands;
  const last = lastCommand?.length === 1 ? invocationOf(lastCommand[0]) : undefined;
  const first = script.lists[0]?.pipelines[0]?.commands[0];
  const firstInvocation = first && invocationOf(first);
  return (!!last && last.wrappers[0] === 'exec') || (!!firstInvocation && INIT_PROGRAMS.has(firstInvocation.wrappers[0] ?? firstInvocation.name));
}

const rule: Rule = {
  meta: {
    id: 'disposability/shell-form-entrypoint',
    factor: 'disposability',
    severity: 'warning',
    languages: ['dockerfile'],
    summary: 'CMD or ENTRYPOINT in shell form: /bin/sh is PID 1 and does not pass SIGTERM to the app',
  },
  check({ dockerfile, text }) {
    if (!dockerfile) return [];
    const { entrypoint, cmd } = imageCommands(dockerfile, text);
    const targets: ImageCommand[] = [];
    if (entrypoint && !entrypoint.execForm) targets.push(entrypoint);
    // An init ENTRYPOINT (tini, dumb-init) forwards signals to the whole CMD, shell included.
    if (cmd && !cmd.execForm && !isInitEntrypoint(entrypoint, text)) targets.push(cmd);
    const out: FindingDraft[] = [];
    for (const { instruction, keyword } of targets) {
      const script = instructionScript(dockerfile, instruction, text);
      if (script.lists.length === 0 || handsOverPid1(script)) continue;
      const fixed = execForm(script, logicalText(dockerfile, instruction, text));
      out.push({
        range: instruction.getRange(),
        message: `${keyword} is in shell form, so /bin/sh is PID 1 and SIGTERM never reaches the app; use the exec form ${keyword} ${fixed}`,
        data: { keyword, execForm: fixed },
      });
    }
    return out;
  },
};

export default rule;
