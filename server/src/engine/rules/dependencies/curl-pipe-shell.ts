import { Cmd, Entrypoint, Run } from 'dockerfile-ast';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { TextIndex } from '../../languages/documents';
import { instructionScript } from '../../languages/dockerfile';
import { SHELLS, commandsOf, invocationOf, parseShell, type Invocation, type ShellPipeline, type ShellScript, type ShellWord } from '../../languages/shell';

/** Value of an option in `args`: `-o x`, `-ox`, `-qO-` (short, in a cluster) or `--output=x`, `--output x`. */
function optionValue(args: ShellWord[], short: string, long: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === `--${long}`) return args[i + 1]?.value ?? '';
    if (v.startsWith(`--${long}=`)) return v.slice(long.length + 3);
    if (/^-[A-Za-z]/.test(v) && !v.startsWith('--')) {
      const at = v.indexOf(short);
      if (at > 0) return at < v.length - 1 ? v.slice(at + 1) : args[i + 1]?.value ?? '';
    }
  }
  return undefined;
}

const STDOUT = new Set(['-', '/dev/stdout']);

/** `curl URL` (no `-o file`/`-O`) and `wget -O- URL`: a download written to standard output. */
function downloadsToStdout({ name, args }: Invocation): boolean {
  if (name === 'curl') {
    if (args.some((a) => a.value === '--remote-name' || a.value === '--remote-name-all' || /^-[A-Za-z]*O/.test(a.value))) return false;
    const output = optionValue(args, 'o', 'output');
    return output === undefined || STDOUT.has(output);
  }
  if (name === 'wget') {
    const output = optionValue(args, 'O', 'output-document');
    return output !== undefined && STDOUT.has(output);
  }
  return false;
}

const INTERPRETERS = /^(python[0-9.]*|perl|ruby|node|php)$/;
/** Options that take the program as an argument instead of from standard input. */
const INLINE_PROGRAM: Record<string, RegExp> = { python: /^-[a-zA-Z]*[cm]/, perl: /^-[a-zA-Z]*[eE]/, ruby: /^-[a-zA-Z]*e/, node: /^(-[ep]|--eval|--print)/, php: /^-[a-zA-Z]*r/ };

/** An interpreter that runs the program it reads on standard input: `sh`, `bash -s -- -y`, `sudo python3 -`. */
function runsStdin({ name, args }: Invocation): boolean {
  const shell = SHELLS.has(name);
  if (!shell && !INTERPRETERS.test(name)) return false;
  const inline = shell ? /^-[a-zA-Z]*c/ : INLINE_PROGRAM[name.replace(/[0-9.]+$/, '')];
  for (const { value } of args) {
    if (value === '-' || (shell && /^-[a-zA-Z]*s/.test(value))) return true;
    if (value === '--') return shell; // `sh -- args`: the rest are the stdin program's arguments
    if (inline.test(value)) return false;
    if (!value.startsWith('-')) return false; // a script file: stdin is its data
  }
  return true;
}

/** `curl … | sed … | sh`: filters that pass the script on unchanged. */
const PASS_THROUGH = new Set(['tee', 'sed', 'tr', 'cat', 'dos2unix']);

/** A substitution whose output is a download: `$(curl -fsSL URL)`, `<(wget -qO- URL)`. */
function downloadOutput(word: ShellWord): Invocation | undefined {
  for (const sub of word.substitutions) {
    const last = sub.lists.at(-1)?.pipelines.at(-1)?.commands;
    const invocation = last?.length === 1 ? invocationOf(last[0]) : undefined;
    if (invocation && downloadsToStdout(invocation)) return invocation;
  }
  return undefined;
}

interface PipedDownload {
  start: number;
  end: number;
  download: Invocation;
  interpreter: string;
}

function pipedDownloads(script: ShellScript): PipedDownload[] {
  const out: PipedDownload[] = [];
  const visits = commandsOf(script);
  const pipelines = new Set<ShellPipeline>(visits.map((v) => v.pipeline));
  for (const pipeline of pipelines) {
    const stages = pipeline.commands.map((c) => visits.find((v) => v.command === c)?.invocation);
    stages.forEach((download, i) => {
      if (!download || !downloadsToStdout(download)) return;
      for (const next of stages.slice(i + 1)) {
        if (!next) break;
        if (runsStdin(next)) {
          out.push({ start: download.command.start, end: next.command.end, download, interpreter: next.name });
          break;
        }
        if (!PASS_THROUGH.has(next.name)) break;
      }
    });
  }
  // `sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(curl …)"`, `source <(curl …)`.
  for (const { invocation } of visits) {
    if (!invocation) continue;
    const { name, args } = invocation;
    const runsArgument = SHELLS.has(name) || INTERPRETERS.test(name) || name === 'eval' || name === 'source' || name === '.';
    if (!runsArgument) continue;
    for (const arg of args) {
      const download = downloadOutput(arg);
      if (download) {
        out.push({ start: invocation.command.start, end: invocation.command.end, download, interpreter: name });
        break;
      }
    }
  }
  return out;
}

/** The host a download comes from, for the message: never the URL's credentials or query. */
function hostOf(download: Invocation): string {
  const url = download.args.map((a) => a.value).find((v) => /^https?:\/\//i.test(v));
  if (!url) return 'a URL';
  try {
    return new URL(url).host;
  } catch {
    return 'a URL';
  }
}

function scriptsOf(ctx: RuleContext): { where: string; script: ShellScript }[] {
  if (ctx.language === 'shell') return [{ where: 'this script', script: parseShell(ctx.text) }];
  const dockerfile = ctx.dockerfile;
  if (!dockerfile) return [];
  return dockerfile
    .getInstructions()
    .filter((i) => i instanceof Run || i instanceof Cmd || i instanceof Entrypoint)
    .map((i) => ({ where: i.getKeyword(), script: instructionScript(dockerfile, i, ctx.text) }));
}

const rule: Rule = {
  meta: {
    id: 'dependencies/curl-pipe-shell',
    factor: 'dependencies',
    severity: 'warning',
    languages: ['dockerfile', 'shell'],
    summary: 'A downloaded script is piped straight into a shell or interpreter, unverified and unpinned',
  },
  check(ctx) {
    const index = new TextIndex(ctx.text);
    const out: FindingDraft[] = [];
    for (const { where, script } of scriptsOf(ctx)) {
      for (const piped of pipedDownloads(script)) {
        const host = hostOf(piped.download);
        out.push({
          range: index.range(piped.start, piped.end),
          message: `${where} feeds a script downloaded from ${host} straight to ${piped.interpreter}, running whatever the server sends; download it to a file, verify its checksum (sha256sum -c) and run that, or install a pinned package`,
          data: { host, interpreter: piped.interpreter },
        });
      }
    }
    return out;
  },
};

export default rule;
