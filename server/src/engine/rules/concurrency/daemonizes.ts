import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft, LanguageId } from '../../types';
import { TextIndex } from '../../languages/documents';
import { commandsOf, hasOption, type CommandVisit, type Invocation, type ShellList } from '../../languages/shell';
import { runtimeScripts } from '../runtime-commands';
import { DAEMON_HINT, goDaemonFindings } from './daemonizes-go';

/** Start commands that detach from the process manager: `&`, `nohup`, PID files, daemon flags. */
function commandFindings(ctx: RuleContext): FindingDraft[] {
  const index = new TextIndex(ctx.text);
  const out: FindingDraft[] = [];
  for (const { origin, script } of runtimeScripts(ctx)) {
    const visits = commandsOf(script);
    const reported = new Set<string>();
    for (const job of backgroundJobs(visits)) {
      reported.add(`${job.start}:${job.end}`);
      out.push({
        range: index.range(job.start, job.end),
        message: `\`${job.label}\` is sent to the background with & in ${origin}, so no process manager supervises or restarts it; run it in the foreground as its own process type (its own container or Procfile entry)`,
        data: { command: job.label, how: 'background' },
      });
    }
    visits.forEach((visit, i) => {
      const { invocation, command, list } = visit;
      if (!invocation || (list.background && reported.has(`${list.job.start}:${list.job.end}`))) return;
      const continues = visits.slice(i + 1).some((later) => later.command.start >= command.end);
      const detaches = detachment(invocation, continues);
      if (!detaches || stopsLater(visits, command.end)) return;
      out.push({ range: index.range(command.start, command.end), message: detaches.message(origin), data: { command: detaches.label, how: detaches.how } });
    });
  }
  return out;
}

interface BackgroundJob {
  start: number;
  end: number;
  label: string;
}

/**
 * Lists run with `&`, one per job. The last job is the main process when the script then `wait`s
 * for it (`./app & wait $!`, the signal-forwarding idiom); any job before it is still a daemon.
 */
function backgroundJobs(visits: CommandVisit[]): BackgroundJob[] {
  const jobs = new Map<string, { list: ShellList; visits: CommandVisit[] }>();
  for (const visit of visits) {
    if (!visit.list.background) continue;
    const key = `${visit.list.job.start}:${visit.list.job.end}`;
    const job = jobs.get(key) ?? { list: visit.list, visits: [] };
    job.visits.push(visit);
    jobs.set(key, job);
  }
  const ordered = [...jobs.values()].sort((a, b) => a.list.job.start - b.list.job.start);
  const last = ordered[ordered.length - 1];
  const waited = last && visits.some((v) => v.invocation?.name === 'wait' && v.command.start >= last.list.job.end);
  return ordered
    .filter((job) => !(waited && job === last) && !stopsLater(visits, job.list.job.end))
    .flatMap((job) => {
      const main = job.visits.find((v) => v.invocation && !IDLE.has(v.invocation.name))?.invocation;
      return main ? [{ start: job.list.job.start, end: job.list.job.end, label: main.program.value }] : [];
    });
}

/**
 * `kill $PID`, `pg_ctl stop`, `service nginx stop`, `nginx -s stop` after `offset`: the script stops
 * what it started, a temporary server for initialisation or a smoke test, not a daemon left running.
 */
function stopsLater(visits: CommandVisit[], offset: number): boolean {
  return visits.some(({ invocation, command }) => {
    if (!invocation || command.start < offset) return false;
    const words = invocation.args.map((a) => a.value);
    return ['kill', 'pkill', 'killall'].includes(invocation.name) || words.includes('stop') || words.includes('shutdown');
  });
}

/** Backgrounded commands that are no process: `sleep 5 &`. */
const IDLE = new Set(['sleep', 'wait', 'true', ':']);

interface Detachment {
  label: string;
  how: 'nohup' | 'daemon-flag' | 'service' | 'pid-file';
  message(origin: string): string;
}

const SERVICE_VERBS = new Set(['start', 'restart']);

/** How a command detaches from its parent, if it does. `continues`: later commands run after it. */
function detachment(invocation: Invocation, continues: boolean): Detachment | undefined {
  const { name, args, program, wrappers, command } = invocation;
  const words = args.map((a) => a.value);
  if (wrappers.includes('nohup')) {
    return {
      label: `nohup ${program.value}`,
      how: 'nohup',
      message: (origin) => `\`nohup ${program.value}\` in ${origin} detaches the process from its manager; run it in the foreground and let the process manager supervise and restart it`,
    };
  }
  const service = serviceStart(invocation);
  if (service) {
    return {
      label: service,
      how: 'service',
      message: (origin) => `\`${service}\` in ${origin} starts a background daemon; run it in the foreground as its own process type (its own container or Procfile entry)`,
    };
  }
  const flag = daemonizingFlag(name, words);
  if (flag !== undefined) {
    const shown = flag.startsWith('-') ? `\`${name} ${flag}\`` : `\`${name}\` ${flag}`;
    return {
      label: `${name} ${flag}`,
      how: 'daemon-flag',
      message: (origin) => `${shown} in ${origin} makes the process daemonize, out of reach of the process manager; run it in the foreground instead`,
    };
  }
  if (name === 'nginx' && continues && !wrappers.includes('exec') && !words.some((w) => /^-[tTsvVh?]$/.test(w)) && !words.some((w) => /daemon\s+off/.test(w))) {
    return {
      label: 'nginx',
      how: 'daemon-flag',
      message: (origin) => `\`nginx\` daemonizes by default and ${origin} goes on to run more commands; run nginx in the foreground (-g 'daemon off;') as its own process type`,
    };
  }
  const pidRedirect = command.redirects.find((r) => r.operator.includes('>') && /\.pid$/.test(r.target?.value ?? ''));
  const pidFile = pidFileOption(words) ?? (pidRedirect ? `> ${pidRedirect.target?.value}` : undefined);
  if (pidFile) {
    return {
      label: pidFile,
      how: 'pid-file',
      message: (origin) => `\`${pidFile}\` in ${origin} writes a PID file, which only a daemon needs; the process manager tracks the process, so drop the PID file and run in the foreground`,
    };
  }
  return undefined;
}

/** `service nginx start`, `/etc/init.d/cron start`, `rc-service`, `systemctl start`, `apachectl start`, `pg_ctl start`. */
function serviceStart({ name, program, args }: Invocation): string | undefined {
  const words = args.map((a) => a.value).filter((w) => !w.startsWith('-'));
  if ((name === 'service' || name === 'rc-service') && SERVICE_VERBS.has(words[1])) return `${name} ${words[0]} ${words[1]}`;
  if (name === 'systemctl' && SERVICE_VERBS.has(words[0])) return `systemctl ${words[0]} ${words[1] ?? ''}`.trim();
  if (program.value.startsWith('/etc/init.d/') && SERVICE_VERBS.has(words[0])) return `${program.value} ${words[0]}`;
  if ((name === 'apachectl' || name === 'apache2ctl' || name === 'httpd' || name === 'pg_ctl' || name === 'pg_ctlcluster') && words.includes('start')) return `${name} start`;
  if (name === 'start-stop-daemon' && hasOption(args, ['background'], 'b')) return 'start-stop-daemon --background';
  if (name === 'daemonize') return 'daemonize';
  return undefined;
}

/** The flag (or `without -f`, its absence) that makes a known server detach: `gunicorn --daemon`, `memcached -d`, `cron` without `-f`. */
function daemonizingFlag(name: string, words: string[]): string | undefined {
  const has = (...flags: string[]): string | undefined => words.find((w) => flags.includes(w) || flags.some((f) => f.startsWith('--') && w.startsWith(`${f}=`)));
  switch (name) {
    case 'gunicorn':
      return has('-D', '--daemon');
    case 'uwsgi':
      return has('--daemonize', '--daemonize2');
    case 'haproxy':
      return has('-D', '-daemon');
    case 'memcached':
      return has('-d', '--daemon');
    case 'redis-server':
    case 'redis-sentinel': {
      const at = words.indexOf('--daemonize');
      return at !== -1 && words[at + 1] === 'yes' ? '--daemonize yes' : undefined;
    }
    case 'nginx': {
      const at = words.indexOf('-g');
      return at !== -1 && /daemon\s+on/.test(words[at + 1] ?? '') ? `-g '${words[at + 1]}'` : undefined;
    }
    case 'celery':
      return has('--detach') ?? (words[0] === 'multi' ? 'multi' : undefined);
    case 'mongod':
      return has('--fork');
    case 'mysqld':
      return has('--daemonize');
    case 'cron':
    case 'crond':
      // cron forks into the background unless told `-f` (foreground) or `-n`.
      return words.some((w) => /^-[a-zA-Z]*[fn]/.test(w)) ? undefined : 'without -f';
    case 'sshd':
      return words.some((w) => /^-[a-zA-Z]*[DdtTi]/.test(w)) ? undefined : 'without -D';
  }
  if (/^php-fpm[0-9.]*$/.test(name)) return has('-D', '--daemonize');
  return undefined;
}

/** `--pidfile /run/x.pid`, `--pid-file=…`, `--pid x`, `-p /var/run/app.pid`. */
function pidFileOption(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const [flag, attached] = words[i].split(/=(.*)/s);
    if (!flag.startsWith('-')) continue;
    if (/^--?pid[-_]?file$/i.test(flag)) return flag;
    const value = attached ?? words[i + 1] ?? '';
    if ((flag === '--pid' && value !== '') || /\.pid$/.test(value)) return flag;
  }
  return undefined;
}

const CHECKS: Partial<Record<LanguageId, (ctx: RuleContext) => FindingDraft[]>> = {
  dockerfile: commandFindings,
  procfile: commandFindings,
  shell: commandFindings,
  go: goDaemonFindings,
};

const rule: Rule = {
  meta: {
    id: 'concurrency/daemonizes',
    factor: 'concurrency',
    severity: 'warning',
    languages: ['dockerfile', 'procfile', 'shell', 'go'],
    summary: 'A process daemonizes (backgrounded, nohup, PID file, daemon flag) instead of running in the foreground',
    textHint: [{ languages: ['go'], file: DAEMON_HINT }],
  },
  check(ctx) {
    return CHECKS[ctx.language]?.(ctx) ?? [];
  },
};

export default rule;
