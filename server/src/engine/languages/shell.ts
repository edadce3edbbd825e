// A reader for the shell commands around an app: Dockerfile RUN/CMD/ENTRYPOINT, Procfile entries,
// package.json scripts and entrypoint scripts. It splits POSIX shell text into simple commands,
// pipelines and and-or lists with source offsets (quotes, escapes, substitutions, heredocs and
// compound-command keywords understood); it evaluates nothing.

export interface ShellWord {
  /** The word with quotes removed and escapes resolved; expansions (`$X`, `$(…)`) kept as written. */
  value: string;
  start: number;
  end: number;
  /** Source offset of each character of `value`, plus one past the end: maps a nested parse back. */
  offsets: number[];
  /** Holds a parameter expansion or a command substitution outside single quotes. */
  expands: boolean;
  /** `$(…)`, backquote and `<(…)` substitutions inside the word. */
  substitutions: ShellScript[];
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `2>`, `&>`, `<<`… */
  operator: string;
  target?: ShellWord;
}

export interface ShellCommand {
  /** `VAR=value` words before the command name. */
  assignments: ShellWord[];
  words: ShellWord[];
  redirects: ShellRedirect[];
  start: number;
  end: number;
}

export interface ShellPipeline {
  commands: ShellCommand[];
  start: number;
  end: number;
}

export interface ShellList {
  /** Pipelines joined by `&&`/`||`. */
  pipelines: ShellPipeline[];
  /** Ended by `&` (or inside a group ended by `&`): runs in the background. */
  background: boolean;
  /** The span of what is backgrounded: the list itself, or the whole `( … ) &` group. */
  job: { start: number; end: number };
  start: number;
  end: number;
}

export interface ShellScript {
  lists: ShellList[];
}

const BLANK = new Set([' ', '\t', '\r']);
const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);
/** Keywords that open or continue a compound command: the command proper follows them. */
const PREFIX_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'esac']);
const REDIRECT = /^(\d*)(&>>|&>|>>|>\||>&|<<<|<<-|<<|<&|<>|>|<)/;

interface Group {
  firstList: number;
  start: number;
}

class Parser {
  private pos: number;
  private pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];

  constructor(private readonly text: string, start: number, private readonly limit: number) {
    this.pos = start;
  }

  /** Parses lists until `limit`, or until an unmatched `)` when `closeParen` (then consumes it). */
  parseScript(closeParen: boolean): ShellScript {
    const lists: ShellList[] = [];
    const groups: Group[] = [];
    let list: ShellList | undefined;
    let pipeline: ShellPipeline | undefined;
    let command: ShellCommand | undefined;
    let skipCommand = false; // `for x in …`, `case … in`, function names: words that are no command
    let casePatterns = 0; // open `case` statements
    let expectPattern = false;

    const endCommand = (): void => {
      if (command && !skipCommand && (command.words.length > 0 || command.assignments.length > 0 || command.redirects.length > 0)) {
        pipeline ??= { commands: [], start: command.start, end: command.end };
        pipeline.commands.push(command);
        pipeline.end = command.end;
      }
      command = undefined;
      skipCommand = false;
    };
    const endPipeline = (): void => {
      endCommand();
      if (pipeline) {
        list ??= { pipelines: [], background: false, job: { start: pipeline.start, end: pipeline.end }, start: pipeline.start, end: pipeline.end };
        list.pipelines.push(pipeline);
        list.end = pipeline.end;
        list.job.end = pipeline.end;
      }
      pipeline = undefined;
    };
    const endList = (background: boolean): void => {
      endPipeline();
      if (list) {
        list.background = background;
        lists.push(list);
      }
      list = undefined;
    };
    const atCommandStart = (): boolean => !command || (command.words.length === 0 && command.assignments.length === 0);

    while (this.pos < this.limit) {
      const c = this.text[this.pos];
      if (BLANK.has(c)) {
        this.pos++;
        continue;
      }
      if (c === '\\' && this.text[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (c === '#' && (this.pos === 0 || WORD_END.has(this.text[this.pos - 1]))) {
        while (this.pos < this.limit && this.text[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (c === '\n') {
        this.pos++;
        endList(false);
        this.skipHeredocBodies();
        continue;
      }
      if (expectPattern && atCommandStart()) {
        if (this.peekWord() === 'esac') {
          expectPattern = false;
        } else {
          this.skipCasePattern();
          expectPattern = false;
          continue;
        }
      }
      const two = this.text.slice(this.pos, this.pos + 2);
      const three = this.text.slice(this.pos, this.pos + 3);
      if (c === ';') {
        const op = three === ';;&' ? 3 : two === ';;' || two === ';&' ? 2 : 1;
        this.pos += op;
        endList(false);
        if (op > 1 && casePatterns > 0) expectPattern = true;
        continue;
      }
      if (two === '&&' || two === '||') {
        this.pos += 2;
        endPipeline();
        continue;
      }
      if (c === '&' && this.text[this.pos + 1] !== '>') {
        this.pos++;
        endList(true);
        continue;
      }
      if (c === '|') {
        this.pos += two === '|&' ? 2 : 1;
        endCommand();
        continue;
      }
      if (c === ')') {
        if (groups.length > 0) {
          this.pos++;
          this.closeGroup(groups, lists, () => endList(false));
          continue;
        }
        if (closeParen) {
          this.pos++;
          break;
        }
        this.pos++;
        continue;
      }
      if (c === '(') {
        if (this.text[this.pos - 1] === '=') {
          // `list=(a b c)`: an array value, not a subshell.
          this.pos = matchingParen(this.text, this.pos, this.limit);
          continue;
        }
        if (two === '((' && atCommandStart()) {
          this.skipArithmetic();
          continue;
        }
        if (command && command.words.length === 1 && !skipCommand) {
          // `name() { … }`: a function definition, not a command.
          skipCommand = true;
          this.pos++;
          if (this.text[this.skipBlanks(this.pos)] === ')') this.pos = this.skipBlanks(this.pos) + 1;
          endList(false);
          continue;
        }
        this.pos++;
        endList(false);
        groups.push({ firstList: lists.length, start: this.pos - 1 });
        continue;
      }
      const redirect = REDIRECT.exec(this.text.slice(this.pos, Math.min(this.limit, this.pos + 16)));
      if (redirect && (c === '<' || c === '>' || c === '&' || /\d/.test(c))) {
        const isProcessSubstitution = (c === '<' || c === '>') && this.text[this.pos + 1] === '(';
        if (!isProcessSubstitution) {
          command ??= emptyCommand(this.pos);
          this.pos += redirect[0].length;
          this.pos = this.skipBlanks(this.pos);
          const target = this.pos < this.limit && !WORD_END.has(this.text[this.pos]) ? this.readWord() : undefined;
          const operator = redirect[2];
          if ((operator === '<<' || operator === '<<-') && target) {
            this.pendingHeredocs.push({ delimiter: target.value, stripTabs: operator === '<<-' });
          }
          command.redirects.push({ operator: redirect[1] + operator, target });
          command.end = target?.end ?? this.pos;
          continue;
        }
      }
      // A word.
      const start = this.pos;
      if (atCommandStart() && this.text.startsWith('[[', start) && WORD_END.has(this.text[start + 2] ?? ' ')) {
        this.skipTestCommand();
        continue;
      }
      const word = this.readWord();
      if (word.end === start) {
        this.pos++; // an unexpected character; never loop on it
        continue;
      }
      const unquoted = this.text.slice(word.start, word.end) === word.value;
      if (atCommandStart() && unquoted && PREFIX_KEYWORDS.has(word.value)) {
        if (word.value === '{') {
          endList(false);
          groups.push({ firstList: lists.length, start: word.start });
        } else if (word.value === '}' && groups.length > 0) {
          this.closeGroup(groups, lists, () => endList(false));
        } else if (word.value === 'esac') {
          casePatterns = Math.max(0, casePatterns - 1);
        }
        continue;
      }
      command ??= emptyCommand(word.start);
      if (atCommandStart() && unquoted && (word.value === 'for' || word.value === 'select' || word.value === 'function')) {
        skipCommand = true;
      }
      if (atCommandStart() && unquoted && word.value === 'case') {
        skipCommand = true;
        casePatterns++;
      }
      if (skipCommand && unquoted && word.value === 'in' && command.words[0]?.value === 'case') {
        command.words.push(word);
        endList(false);
        expectPattern = true;
        continue;
      }
      if (command.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(this.text.slice(word.start, word.end))) {
        command.assignments.push(word);
      } else {
        command.words.push(word);
      }
      command.end = word.end;
    }
    endList(false);
    return { lists };
  }

  /** After `)` or `}`: a group followed by `&` puts every list inside it in the background. */
  private closeGroup(groups: Group[], lists: ShellList[], endList: () => void): void {
    endList();
    const group = groups.pop();
    if (!group) return;
    const after = this.skipBlanks(this.pos);
    if (this.text[after] === '&' && this.text[after + 1] !== '&' && this.text[after + 1] !== '>') {
      this.pos = after + 1;
      for (const list of lists.slice(group.firstList)) {
        list.background = true;
        list.job = { start: group.start, end: this.pos };
      }
    }
  }

  private skipBlanks(pos: number): number {
    while (pos < this.limit && (BLANK.has(this.text[pos]) || (this.text[pos] === '\\' && this.text[pos + 1] === '\n'))) {
      pos += this.text[pos] === '\\' ? 2 : 1;
    }
    return pos;
  }

  private peekWord(): string {
    const m = /^[^\s;&|()<>]+/.exec(this.text.slice(this.pos, Math.min(this.limit, this.pos + 64)));
    return m ? m[0] : '';
  }

  /** `pattern | other)` of a case clause. */
  private skipCasePattern(): void {
    while (this.pos < this.limit && this.text[this.pos] !== ')' && this.text[this.pos] !== '\n') {
      const c = this.text[this.pos];
      if (c === '"' || c === "'") this.readWord();
      else this.pos++;
    }
    if (this.text[this.pos] === ')') this.pos++;
  }

  /** `(( … ))` arithmetic, `for (( … ))` headers. */
  private skipArithmetic(): void {
    let depth = 0;
    while (this.pos < this.limit) {
      const c = this.text[this.pos++];
      if (c === '(') depth++;
      if (c === ')' && --depth === 0) return;
    }
  }

  /** `[[ … ]]`: a test, whose `&&`, `<` and `(` are operands. */
  private skipTestCommand(): void {
    const end = this.text.indexOf(']]', this.pos + 2);
    this.pos = end === -1 || end >= this.limit ? this.limit : end + 2;
  }

  private skipHeredocBodies(): void {
    for (const { delimiter, stripTabs } of this.pendingHeredocs.splice(0)) {
      while (this.pos < this.limit) {
        let lineEnd = this.text.indexOf('\n', this.pos);
        if (lineEnd === -1 || lineEnd > this.limit) lineEnd = this.limit;
        let line = this.text.slice(this.pos, lineEnd).replace(/\r$/, '');
        if (stripTabs) line = line.replace(/^\t+/, '');
        this.pos = Math.min(this.limit, lineEnd + 1);
        if (line === delimiter) break;
      }
    }
  }

  readWord(): ShellWord {
    const start = this.pos;
    let value = '';
    const offsets: number[] = [];
    let expands = false;
    const substitutions: ShellScript[] = [];
    const add = (s: string, at: number): void => {
      for (let k = 0; k < s.length; k++) offsets.push(at + k);
      value += s;
    };
    const addRaw = (from: number, to: number): void => add(this.text.slice(from, to), from);
    // `$…` at this.pos: appends it as written, records substitutions.
    const dollar = (): void => {
      const from = this.pos;
      const next = this.text[this.pos + 1];
      if (next === '(' && this.text[this.pos + 2] === '(') {
        this.pos += 1;
        this.skipArithmetic();
      } else if (next === '(') {
        this.pos += 2;
        substitutions.push(this.parseScript(true));
      } else if (next === '{') {
        const end = matchingBrace(this.text, this.pos + 1, this.limit);
        this.pos = end;
      } else if (next !== undefined && /[A-Za-z0-9_@*#?$!-]/.test(next)) {
        this.pos += 2;
        if (/[A-Za-z_]/.test(next)) while (this.pos < this.limit && /[A-Za-z0-9_]/.test(this.text[this.pos])) this.pos++;
      } else {
        this.pos++;
        add('$', from);
        return;
      }
      expands = true;
      addRaw(from, this.pos);
    };
    const backquote = (): void => {
      const from = this.pos;
      let end = this.pos + 1;
      while (end < this.limit && this.text[end] !== '`') end += this.text[end] === '\\' ? 2 : 1;
      substitutions.push(new Parser(this.text, from + 1, Math.min(end, this.limit)).parseScript(false));
      this.pos = Math.min(end + 1, this.limit);
      expands = true;
      addRaw(from, this.pos);
    };

    if ((this.text[this.pos] === '<' || this.text[this.pos] === '>') && this.text[this.pos + 1] === '(') {
      const from = this.pos;
      this.pos += 2;
      substitutions.push(this.parseScript(true));
      expands = true;
      addRaw(from, this.pos);
    }
    while (this.pos < this.limit) {
      const c = this.text[this.pos];
      if (WORD_END.has(c)) break;
      if (c === '\\') {
        if (this.text[this.pos + 1] === '\n') {
          this.pos += 2;
          continue;
        }
        if (this.pos + 1 < this.limit) add(this.text[this.pos + 1], this.pos + 1);
        this.pos += 2;
      } else if (c === "'") {
        const end = this.text.indexOf("'", this.pos + 1);
        const close = end === -1 || end >= this.limit ? this.limit : end;
        addRaw(this.pos + 1, close);
        this.pos = Math.min(close + 1, this.limit);
      } else if (c === '$' && this.text[this.pos + 1] === "'") {
        this.pos += 2;
        while (this.pos < this.limit && this.text[this.pos] !== "'") {
          if (this.text[this.pos] === '\\' && this.pos + 1 < this.limit) {
            const escaped = this.text[this.pos + 1];
            add(({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[escaped] ?? escaped, this.pos);
            this.pos += 2;
          } else {
            add(this.text[this.pos], this.pos);
            this.pos++;
          }
        }
        this.pos++;
      } else if (c === '"') {
        this.pos++;
        while (this.pos < this.limit && this.text[this.pos] !== '"') {
          const d = this.text[this.pos];
          if (d === '\\' && /[$`"\\\n]/.test(this.text[this.pos + 1] ?? '')) {
            if (this.text[this.pos + 1] !== '\n') add(this.text[this.pos + 1], this.pos + 1);
            this.pos += 2;
          } else if (d === '$') {
            dollar();
          } else if (d === '`') {
            backquote();
          } else {
            add(d, this.pos);
            this.pos++;
          }
        }
        this.pos++;
      } else if (c === '$') {
        dollar();
      } else if (c === '`') {
        backquote();
      } else {
        add(c, this.pos);
        this.pos++;
      }
    }
    this.pos = Math.min(this.pos, this.limit);
    offsets.push(this.pos);
    return { value, start, end: this.pos, offsets, expands, substitutions };
  }
}

function emptyCommand(start: number): ShellCommand {
  return { assignments: [], words: [], redirects: [], start, end: start };
}

/** Offset just past the `)` closing the `(` at `open`. */
function matchingParen(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return limit;
}

/** Offset just past the `}` closing the `{` at `open`. */
function matchingBrace(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return limit;
}

/** Parses `text[start, end)`; offsets are offsets into `text`. */
export function parseShell(text: string, start = 0, end = text.length): ShellScript {
  return new Parser(text, start, end).parseScript(false);
}

/** Parses a word's value (the string given to `sh -c`, a JSON string) with offsets mapped back to the source. */
export function parseShellValue(value: string, offsets: readonly number[]): ShellScript {
  return remap(parseShell(value), offsets);
}

function remap(script: ShellScript, offsets: readonly number[]): ShellScript {
  const at = (o: number): number => offsets[Math.min(o, offsets.length - 1)];
  const word = (w: ShellWord): ShellWord => ({
    ...w,
    start: at(w.start),
    end: w.end > w.start ? at(w.end - 1) + 1 : at(w.end),
    offsets: w.offsets.map(at),
    substitutions: w.substitutions.map((s) => remap(s, offsets)),
  });
  return {
    lists: script.lists.map((list) => ({
      ...list,
      start: at(list.start),
      end: at(list.end - 1) + 1,
      job: { start: at(list.job.start), end: at(Math.max(list.job.start, list.job.end - 1)) + 1 },
      pipelines: list.pipelines.map((p) => ({
        start: at(p.start),
        end: at(p.end - 1) + 1,
        commands: p.commands.map((c) => ({
          start: at(c.start),
          end: at(c.end - 1) + 1,
          assignments: c.assignments.map(word),
          words: c.words.map(word),
          redirects: c.redirects.map((r) => ({ operator: r.operator, target: r.target && word(r.target) })),
        })),
      })),
    })),
  };
}

/** A command as written as an argument vector, not through a shell (Dockerfile exec form). */
export function scriptOfWords(words: ShellWord[]): ShellScript {
  if (words.length === 0) return { lists: [] };
  const start = words[0].start;
  const end = words[words.length - 1].end;
  const command: ShellCommand = { assignments: [], words, redirects: [], start, end };
  return { lists: [{ pipelines: [{ commands: [command], start, end }], background: false, job: { start, end }, start, end }] };
}

/** A JSON string literal starting at `text[quote]`, decoded, with the source offset of each character. */
export function readJsonString(text: string, quote: number): ShellWord | undefined {
  if (text[quote] !== '"') return undefined;
  let value = '';
  const offsets: number[] = [];
  let i = quote + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\n') return undefined;
    if (text[i] === '\\') {
      const escaped = text[i + 1];
      let decoded: string;
      let length = 2;
      if (escaped === 'u') {
        decoded = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        length = 6;
      } else {
        decoded = ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[escaped] ?? escaped;
      }
      offsets.push(i);
      value += decoded;
      i += length;
    } else {
      offsets.push(i);
      value += text[i];
      i++;
    }
  }
  if (text[i] !== '"') return undefined;
  offsets.push(i);
  return { value, start: quote, end: i + 1, offsets, expands: false, substitutions: [] };
}

// ── Reading commands ────────────────────────────────────────────────────────────────────────

export const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'busybox sh']);

/** Programs that run the command after them: `sudo`, `env X=1`, `exec`, `gosu user`, `tini --`. */
const WRAPPERS: Record<string, { withValue?: RegExp; positional?: number }> = {
  sudo: { withValue: /^-[ugCDhpRrTU]$/ },
  env: { withValue: /^-[uCS]$/ },
  exec: { withValue: /^-a$/ },
  nohup: {},
  setsid: {},
  nice: { withValue: /^-n$/ },
  ionice: { withValue: /^-[cnp]$/ },
  time: {},
  command: {},
  builtin: {},
  stdbuf: { withValue: /^-[ioe]$/ },
  timeout: { withValue: /^-[sk]$/, positional: 1 },
  gosu: { positional: 1 },
  'su-exec': { positional: 1 },
  's6-setuidgid': { positional: 1 },
  setuidgid: { positional: 1 },
  chpst: { withValue: /^-[uUbeln/CcmdofprtL]$/ },
  tini: { withValue: /^-[pel]$/ },
  'tini-static': { withValue: /^-[pel]$/ },
  'dumb-init': { withValue: /^(-r|--rewrite)$/ },
  catatonit: {},
};

/** Init processes that reap children and forward signals when run as PID 1. */
export const INIT_PROGRAMS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'init']);

export interface Invocation {
  /** Base name of the program actually run: `npm` for `sudo -E /usr/bin/npm`. */
  name: string;
  program: ShellWord;
  args: ShellWord[];
  /** Wrappers it was run through, by base name: `nohup`, `exec`, `sudo`. */
  wrappers: string[];
  command: ShellCommand;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The program a simple command runs, seen through `sudo`, `env`, `exec`, `nohup` and the like. */
export function invocationOf(command: ShellCommand): Invocation | undefined {
  const words = command.words;
  const wrappers: string[] = [];
  let i = 0;
  while (i < words.length) {
    const name = baseName(words[i].value);
    const wrapper = WRAPPERS[name];
    if (!wrapper || i === words.length - 1) break;
    wrappers.push(name);
    i++;
    while (i < words.length && words[i].value.startsWith('-') && words[i].value !== '-') {
      const flag = words[i].value;
      i++;
      if (flag === '--') break;
      if (wrapper.withValue?.test(flag)) i++;
    }
    while (name === 'env' && i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].value)) i++;
    i += wrapper.positional ?? 0;
  }
  if (i >= words.length) return undefined;
  return { name: baseName(words[i].value), program: words[i], args: words.slice(i + 1), wrappers, command };
}

/** The script a shell runs as its `-c` string, when it is one. */
function shellCommandString(invocation: Invocation): ShellWord | undefined {
  if (!SHELLS.has(invocation.name)) return undefined;
  for (let k = 0; k < invocation.args.length; k++) {
    const arg = invocation.args[k].value;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') return undefined;
    if (/^-[a-z]*c[a-z]*$/i.test(arg)) return invocation.args[k + 1];
  }
  return undefined;
}

export interface CommandVisit {
  command: ShellCommand;
  invocation?: Invocation;
  list: ShellList;
  pipeline: ShellPipeline;
  /** Index of the command in its pipeline. */
  stage: number;
  /** Inside `$(…)`/backquotes, or inside a `sh -c` string. */
  nested: boolean;
}

/** Every simple command of a script, including those in substitutions and in `sh -c "…"` strings. */
export function commandsOf(script: ShellScript, nested = false): CommandVisit[] {
  const out: CommandVisit[] = [];
  for (const list of script.lists) {
    for (const pipeline of list.pipelines) {
      pipeline.commands.forEach((command, stage) => {
        const invocation = invocationOf(command);
        out.push({ command, invocation, list, pipeline, stage, nested });
        for (const word of [...command.assignments, ...command.words]) {
          for (const sub of word.substitutions) out.push(...commandsOf(sub, true));
        }
        const inner = invocation && shellCommandString(invocation);
        if (inner && inner.substitutions.length === 0) out.push(...commandsOf(parseShellValue(inner.value, inner.offsets), true));
      });
    }
  }
  return out;
}

/** Whether an option is given, as `--name`, `--name=value` or a short flag cluster (`-qO-` has `O`). */
export function hasOption(args: ShellWord[], long: string[], short = ''): boolean {
  return args.some(({ value: v }) => {
    if (v === '--') return false;
    if (v.startsWith('--')) return long.some((l) => v === `--${l}` || v.startsWith(`--${l}=`));
    return short !== '' && /^-[A-Za-z]/.test(v) && [...v.slice(1)].some((ch) => short.includes(ch));
  });
}
