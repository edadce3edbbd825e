// Facts about a Dockerfile read off dockerfile-ast: build stages and which one is shipped, the
// commands the image runs, and instructions' shell text parsed with source offsets.
import { Add, Copy, From, JSONInstruction, Run, type Dockerfile, type Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import { TextIndex } from './documents';
import { INIT_PROGRAMS, baseName, parseShell, readJsonString, scriptOfWords, type ShellScript, type ShellWord } from './shell';

export interface Stage {
  from: From;
  /** `AS name`, lower-cased. */
  name?: string;
  /** Instructions after the FROM, up to the next FROM. */
  instructions: Instruction[];
  /** The earlier stage this one is built on (`FROM build`), if any. */
  parent?: Stage;
}

/** Build stages in order; the last one is the image that ships. */
export function stagesOf(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      const image = instruction.getImage()?.toLowerCase();
      const parent = image ? [...stages].reverse().find((s) => s.name === image) : undefined;
      stages.push({ from: instruction, name: instruction.getBuildStage()?.toLowerCase() ?? undefined, instructions: [], parent });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The stage and the earlier stages it is built on, nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.push(s);
  return chain;
}

const NON_RELEASE_WORDS = new Set(['dev', 'develop', 'development', 'local', 'test', 'tests', 'testing', 'e2e', 'ci', 'lint', 'build', 'builder']);

/**
 * Dockerfiles of images that are never shipped: development, test, CI and builder images
 * (`Dockerfile.dev`, `test.Dockerfile`, `Dockerfile.build`, `.devcontainer/Dockerfile`).
 */
export function isNonReleaseDockerfile(relativePath: string): boolean {
  const path = relativePath.toLowerCase();
  if (/(^|\/)\.devcontainer\//.test(path)) return true;
  const words = path.slice(path.lastIndexOf('/') + 1).split(/[._-]/).filter((w) => w !== '' && w !== 'dockerfile' && w !== 'containerfile');
  return words.length > 0 && words.every((w) => NON_RELEASE_WORDS.has(w));
}

/** Whether a FROM names an earlier stage rather than an image. */
export function isStageReference(from: From, stages: readonly Stage[]): boolean {
  const image = from.getImage()?.toLowerCase();
  return !!image && stages.some((s) => s.from !== from && s.name === image && s.from.getRange().start.line < from.getRange().start.line);
}

export interface ImageCommand {
  instruction: Instruction;
  keyword: 'CMD' | 'ENTRYPOINT';
  execForm: boolean;
}

/**
 * What the shipped image runs: the last ENTRYPOINT and CMD of the final stage or the stages it is
 * built on. An ENTRYPOINT resets a CMD inherited from an earlier stage, and a shell-form
 * ENTRYPOINT ignores CMD altogether.
 */
export function imageCommands(dockerfile: Dockerfile, text: string): { entrypoint?: ImageCommand; cmd?: ImageCommand } {
  const stages = stagesOf(dockerfile);
  const final = stages[stages.length - 1];
  if (!final) return {};
  const chain = stageChain(final);
  const lastOf = (keyword: 'CMD' | 'ENTRYPOINT'): { command: ImageCommand; depth: number } | undefined => {
    for (let depth = 0; depth < chain.length; depth++) {
      const instruction = [...chain[depth].instructions].reverse().find((i) => i.getKeyword() === keyword);
      if (instruction) return { command: { instruction, keyword, execForm: execFormWords(instruction, text) !== undefined }, depth };
    }
    return undefined;
  };
  const entrypoint = lastOf('ENTRYPOINT');
  const cmd = lastOf('CMD');
  const cmdApplies = cmd && (!entrypoint || (cmd.depth <= entrypoint.depth && entrypoint.command.execForm));
  return { entrypoint: entrypoint?.command, cmd: cmdApplies ? cmd.command : undefined };
}

/** An exec-form ENTRYPOINT running an init (`tini`, `dumb-init`) that forwards signals to the CMD. */
export function isInitEntrypoint(entrypoint: ImageCommand | undefined, text: string): boolean {
  if (!entrypoint?.execForm) return false;
  const program = execFormWords(entrypoint.instruction, text)?.[0]?.value;
  return !!program && INIT_PROGRAMS.has(baseName(program)) && (baseName(program) !== 'init' || program === '/init');
}

/** The JSON array of an exec-form instruction as words, or undefined for shell form (or JSON Docker would reject). */
function execFormWords(instruction: Instruction, text: string): ShellWord[] | undefined {
  if (!(instruction instanceof JSONInstruction) || !instruction.getOpeningBracket()) return undefined;
  const args = instruction.getArgumentsRange();
  if (!args) return undefined;
  const index = new TextIndex(text);
  const start = index.offset(args.start);
  const raw = text.slice(start, index.offset(args.end));
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) return undefined;
  } catch {
    return undefined;
  }
  const words: ShellWord[] = [];
  for (let i = start; i < start + raw.length; i++) {
    if (text[i] !== '"') continue;
    const word = readJsonString(text, i);
    if (!word) return undefined;
    words.push(word);
    i = word.end - 1;
  }
  return words;
}

/**
 * Images whose shell form runs `cmd` or PowerShell, not a POSIX shell: Windows base images, a
 * backquote escape character, a `SHELL ["powershell", …]`.
 */
function usesWindowsShell(dockerfile: Dockerfile): boolean {
  if (dockerfile.getEscapeCharacter() === '`') return true;
  return dockerfile.getInstructions().some(
    (i) =>
      (i instanceof From && /(^|\/)(windows|servercore|nanoserver|windowsservercore)([/:-]|$)|windows\/(servercore|nanoserver)/i.test(i.getImage() ?? '')) ||
      (i.getKeyword() === 'SHELL' && /powershell|pwsh|cmd(\.exe)?"/i.test(i.getArgumentsContent() ?? '')),
  );
}

/**
 * The POSIX shell script an instruction runs (RUN, CMD, ENTRYPOINT): the exec form's argument
 * vector, or the shell form's text with line continuations and Dockerfile comment lines read as
 * Docker does, heredoc bodies of `RUN <<EOF` included. Offsets are offsets into `text`. Empty
 * for images whose shell is Windows'.
 */
export function instructionScript(dockerfile: Dockerfile, instruction: Instruction, text: string): ShellScript {
  if (usesWindowsShell(dockerfile)) return { lists: [] };
  const escapeChar = dockerfile.getEscapeCharacter();
  const words = execFormWords(instruction, text);
  if (words) return scriptOfWords(words);
  const range = instruction.getArgumentsRange();
  if (!range) return { lists: [] };
  const index = new TextIndex(text);
  const start = index.offset(range.start);
  const end = index.offset(range.end);
  const heredocs = instruction instanceof Run ? instruction.getHeredocs() : [];
  if (heredocs.length > 0) {
    // `RUN <<EOF` (or `RUN bash <<EOF`): the bodies are the script; other heredocs are data.
    const firstLineEnd = text.indexOf('\n', start);
    const firstLine = text.slice(start, firstLineEnd === -1 ? end : firstLineEnd);
    const script = parseShell(text, start, firstLineEnd === -1 ? end : firstLineEnd);
    if (instruction instanceof Run && /^(<<-?|(ba|da|a)?sh\s+<<-?)/.test(firstLine.trim())) {
      for (const heredoc of heredocs) {
        const content = heredoc.getContentRange();
        if (content) script.lists.push(...parseShell(text, index.offset(content.start), index.offset(content.end)).lists);
      }
    }
    return script;
  }
  return parseShell(logicalLine(text, start, end, escapeChar), start, end);
}

/** `text` with the instruction's arguments made one line as Docker reads them; offsets unchanged. */
export function logicalText(dockerfile: Dockerfile, instruction: Instruction, text: string): string {
  const range = instruction.getArgumentsRange();
  if (!range) return text;
  const index = new TextIndex(text);
  return logicalLine(text, index.offset(range.start), index.offset(range.end), dockerfile.getEscapeCharacter());
}

/**
 * `text` with the instruction in `[start, end)` made one line, offsets unchanged: escaped line
 * breaks and comment or blank lines inside the continuation become spaces.
 */
function logicalLine(text: string, start: number, end: number, escapeChar: string): string {
  const lines = text.slice(start, end).split('\n');
  const joined = lines
    .map((line, i) => {
      if (i > 0 && /^\s*(#.*)?\r?$/.test(line)) return ' '.repeat(line.length);
      const continued = new RegExp(`${escapeChar === '`' ? '`' : '\\\\'}(\\s*)\\r?$`).exec(line);
      return continued && i < lines.length - 1 ? line.slice(0, continued.index) + ' '.repeat(line.length - continued.index) : line.replace(/\r$/, ' ');
    })
    .join(' ');
  return text.slice(0, start) + joined + text.slice(end);
}

export interface CopySource {
  instruction: Copy | Add;
  /** A source path as written. */
  source: string;
  range: Range;
  /** Destination as written. */
  destination: string;
}

/** Sources of COPY/ADD instructions that copy from the build context (not `--from` a stage or image). */
export function contextCopies(instructions: readonly Instruction[], text: string): CopySource[] {
  const out: CopySource[] = [];
  for (const instruction of instructions) {
    if (!(instruction instanceof Copy || instruction instanceof Add)) continue;
    if (instruction.getFlags().some((f) => f.getName() === 'from')) continue;
    const json = execFormWords(instruction, text);
    const index = new TextIndex(text);
    const args = json
      ? json.map((w) => ({ value: w.value, range: index.range(w.start, w.end) }))
      : instruction.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }));
    if (args.length < 2) continue;
    const destination = args[args.length - 1].value;
    for (const { value, range } of args.slice(0, -1)) {
      if (value.startsWith('<<') || /^[a-z]+:\/\//i.test(value)) continue; // heredocs and URLs
      out.push({ instruction, source: value, range, destination });
    }
  }
  return out;
}
