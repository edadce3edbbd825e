import * as path from 'path';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { TextIndex } from '../../languages/documents';
import { commandsOf } from '../../languages/shell';
import { buildStep, type Scripts, type StepKind } from '../build-commands';
import { foldersUp, runtimeScripts } from '../runtime-commands';

/** The package.json scripts that `npm run x` in this file would run: its own, or the nearest package.json's. */
function packageScripts(ctx: RuleContext): Scripts | undefined {
  const parse = (text: string): Scripts | undefined => {
    try {
      const scripts: unknown = (JSON.parse(text) as { scripts?: unknown } | null)?.scripts;
      if (!scripts || typeof scripts !== 'object') return undefined;
      return new Map(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return undefined;
    }
  };
  if (ctx.language === 'packagejson') return parse(ctx.text);
  for (const dir of foldersUp(ctx)) {
    const text = ctx.workspace.readFile(path.join(dir, 'package.json'));
    if (text !== undefined) return parse(text);
  }
  return undefined;
}

const ADVICE: Record<StepKind, (command: string, origin: string) => string> = {
  install: (command, origin) => `${command} in ${origin} installs dependencies at every start, so each start may run different code; install them at build time (a RUN step or the build phase) and only start the app here`,
  build: (command, origin) => `${command} in ${origin} builds the app at every start; build it at build time (a RUN step, builder stage or the build phase) and start the built artifact here`,
  'compile-run': (command, origin) => `${command} in ${origin} compiles the app at every start; compile it at build time and run the compiled program here`,
  watcher: (command, origin) => `${command} in ${origin} is a development watcher that rebuilds the running app; start the built app directly in production`,
};

const rule: Rule = {
  meta: {
    id: 'build-release-run/build-at-runtime',
    factor: 'build-release-run',
    severity: 'warning',
    languages: ['dockerfile', 'procfile', 'packagejson', 'shell'],
    summary: 'The start command installs, builds or watches sources instead of running a built release',
  },
  check(ctx) {
    const runtime = runtimeScripts(ctx);
    if (runtime.length === 0) return [];
    const scripts = packageScripts(ctx);
    const index = new TextIndex(ctx.text);
    const out: FindingDraft[] = [];
    for (const { origin, script } of runtime) {
      for (const { command, invocation } of commandsOf(script)) {
        const step = invocation && buildStep(invocation, scripts, new Set());
        if (!step) continue;
        out.push({
          range: index.range(command.start, command.end),
          message: ADVICE[step.kind](`\`${step.label}\`${step.via ? ` (${step.via})` : ''}`, origin),
          data: { command: step.label, kind: step.kind },
        });
      }
    }
    return out;
  },
};

export default rule;
