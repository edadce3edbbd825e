// A cron/scheduler library run inside the web process: every replica runs every job, scaling the web
// tier multiplies them, and a deploy or scale-in cuts them off. Reported on the scheduler's
// construction (`cron.New()`, `gocron.NewScheduler(…)`), which every scheduler has once wherever it is
// later started, when a program serving requests links the package in. Left alone: a scheduler in a
// program without a server, or in a package that a worker program (a `main` in a folder named worker,
// cron, scheduler, jobs…) links in, since that program is the one that runs it; packages no program of
// the module links in; `time.Ticker` loops.
import * as path from 'path';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import type { CallInfo, GoFile } from '../../languages/go';
import { splitWords } from '../../util/literals';
import { programsIncluding, type GoProgram } from '../go-programs';
import { quotedImport } from '../hint-patterns';
import type { GoWorkspace } from '../../workspace';

interface SchedulerLibrary {
  path: RegExp;
  label: string;
  /** Package functions creating (or, for jasonlvhit/gocron's default scheduler, starting) a scheduler. */
  constructors: Set<string>;
}

const LIBRARIES: SchedulerLibrary[] = [
  { path: /^(github\.com\/robfig\/cron(\/v\d+)?|gopkg\.in\/robfig\/cron\.v\d+)$/, label: 'robfig/cron', constructors: new Set(['New', 'NewWithLocation']) },
  { path: /^github\.com\/go-co-op\/gocron(\/v\d+)?$/, label: 'gocron', constructors: new Set(['NewScheduler']) },
  { path: /^github\.com\/jasonlvhit\/gocron$/, label: 'gocron', constructors: new Set(['NewScheduler', 'Start']) },
  { path: /^github\.com\/reugn\/go-quartz\/quartz$/, label: 'go-quartz', constructors: new Set(['NewStdScheduler']) },
];

/** Words of a `main` folder that runs background work as its own process type. */
const WORKER_WORDS = new Set(['worker', 'workers', 'cron', 'crons', 'cronjob', 'cronjobs', 'scheduler', 'schedulers', 'job', 'jobs', 'jobrunner', 'tasks', 'background', 'consumer']);

function schedulerLibrary(go: GoFile, call: CallInfo): SchedulerLibrary | undefined {
  if (call.receiver === '' || call.receiver.includes('.')) return undefined;
  const importPath = go.importOf(call.receiver);
  return importPath ? LIBRARIES.find((l) => l.path.test(importPath) && l.constructors.has(call.name)) : undefined;
}

function isWorkerProgram(program: GoProgram): boolean {
  return splitWords(path.basename(program.main)).some((w) => WORKER_WORDS.has(w));
}

/** A program serving requests links the package in, and no worker program does. */
function runsInWebProcess(workspace: GoWorkspace, go: GoFile): boolean {
  const programs = programsIncluding(workspace, go);
  return !programs.some(isWorkerProgram) && programs.some((p) => p.servesRequests);
}

const rule: Rule = {
  meta: {
    id: 'admin-processes/in-process-scheduler',
    factor: 'admin-processes',
    severity: 'warning',
    languages: ['go'],
    summary: 'A cron/scheduler library runs inside the web process',
    textHint: new RegExp(quotedImport(...LIBRARIES.map((l) => l.path))),
  },
  check({ go, workspace }) {
    if (!go || !go.importsPath((p) => LIBRARIES.some((l) => l.path.test(p)))) return [];
    const schedulers = go.calls.flatMap((call) => {
      const library = schedulerLibrary(go, call);
      return library ? [{ call, library }] : [];
    });
    if (schedulers.length === 0 || !runsInWebProcess(workspace, go)) return [];
    return schedulers.map(
      ({ call, library }): FindingDraft => ({
        range: go.range(call.node),
        message: `a ${library.label} scheduler runs inside the web process, so every replica runs its jobs and a deploy cuts them off; run scheduled jobs as their own process type (e.g. cmd/worker) or with the platform's scheduler`,
        data: { library: library.label },
      }),
    );
  },
};

export default rule;
