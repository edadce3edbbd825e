// The command line: `twelve-factor scan|score [paths…] [options]`, `--help`, `--version`.
import * as os from 'os';
import type { Severity } from '../engine';

export const USAGE = `Usage: twelve-factor scan [paths...] [options]
       twelve-factor score [paths...] [options]

scan reports an app's Twelve-Factor App violations, one finding a line.
score prints the per-factor scorecard of each app (a folder with go.mod,
package.json, requirements.txt, a Dockerfile or a Procfile): pass, warn, fail
or not assessed for factors I-XII, with findings and evidence.
Paths default to the current folder; .gitignore files are respected, and .git,
node_modules and vendor folders are skipped.

Options:
  -f, --format text|json|sarif   report format of scan (default: text)
  -f, --format text|json|markdown
                                 report format of score (default: text)
      --fail-on error|warning|information|none
                                 scan: exit with 1 when a finding is at least
                                 this severe; none never fails (default: error)
      --min-score <n>            score: exit with 1 unless every app passes at
                                 least n of the twelve factors (and one exists)
  -o, --output <file>            write the report to a file instead of stdout
  -j, --jobs <n>                 worker threads (default: CPUs, at most 4)
  -h, --help                     show this help
      --version                  show the version

Exit codes: 0 no finding at the --fail-on level (scan), score met or not
asked for (score); 1 otherwise; 2 usage error or failed scan.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
const SCORE_FORMATS = ['text', 'json', 'markdown'] as const;
export type ScoreFormat = (typeof SCORE_FORMATS)[number];
const FAIL_ON = ['error', 'warning', 'information', 'none'] as const;
export type FailOn = Severity | 'none';

export interface ScanOptions {
  paths: string[];
  format: Format;
  failOn: FailOn;
  output?: string;
  jobs: number;
}

export interface ScoreOptions {
  paths: string[];
  format: ScoreFormat;
  /** Factors every app must pass; undefined: the score never fails the run. */
  minScore?: number;
  output?: string;
  jobs: number;
}

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'scan'; options: ScanOptions } | { kind: 'score'; options: ScoreOptions };

/** Wrong arguments: the message names the problem; the CLI adds a pointer to --help. */
export class UsageError extends Error {}

type ValueOption = 'format' | 'failOn' | 'minScore' | 'output' | 'jobs';

const VALUE_OPTIONS: Record<string, ValueOption> = {
  '--format': 'format',
  '-f': 'format',
  '--fail-on': 'failOn',
  '--min-score': 'minScore',
  '--output': 'output',
  '-o': 'output',
  '--jobs': 'jobs',
  '-j': 'jobs',
};

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value '${value}' for ${option} (expected ${allowed.join(', ')})`);
}

export function parseCommand(argv: string[]): Command {
  const positionals: string[] = [];
  const values: Partial<Record<ValueOption, string>> = {};
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--version') version = true;
    else if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const name = eq === -1 ? arg : arg.slice(0, eq);
      const key = VALUE_OPTIONS[name];
      if (!key) throw new UsageError(`unknown option '${name}'`);
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new UsageError(`option '${name}' needs a value`);
      values[key] = value;
    } else positionals.push(arg);
  }
  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command (twelve-factor scan|score [paths...])');
  if (command !== 'scan' && command !== 'score') throw new UsageError(`unknown command '${command}' (the commands are 'scan' and 'score')`);

  const jobs = values.jobs === undefined ? Math.min(os.availableParallelism(), 4) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`invalid value '${values.jobs}' for --jobs (expected a whole number of at least 1)`);
  if (command === 'score') {
    if (values.failOn !== undefined) throw new UsageError("option '--fail-on' is for scan; score takes --min-score");
    const minScore = values.minScore === undefined ? undefined : Number(values.minScore);
    if (minScore !== undefined && !(Number.isInteger(minScore) && minScore >= 0 && minScore <= 12)) {
      throw new UsageError(`invalid value '${values.minScore}' for --min-score (expected a whole number from 0 to 12)`);
    }
    return {
      kind: 'score',
      options: { paths: paths.length > 0 ? paths : ['.'], format: oneOf('--format', values.format ?? 'text', SCORE_FORMATS), minScore, output: values.output, jobs },
    };
  }
  if (values.minScore !== undefined) throw new UsageError("option '--min-score' is for score; scan takes --fail-on");
  return {
    kind: 'scan',
    options: {
      paths: paths.length > 0 ? paths : ['.'],
      format: oneOf('--format', values.format ?? 'text', FORMATS),
      failOn: oneOf('--fail-on', values.failOn ?? 'error', FAIL_ON),
      output: values.output,
      jobs,
    },
  };
}
