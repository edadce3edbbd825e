// VIII. Concurrency: an app that declares no process types cannot be scaled out by type.
import * as path from 'path';
import type { Rule, RuleContext } from '../../rule';
import { isComposeName } from '../../files';
import { parseYaml } from '../../languages/documents';
import { composeServices } from '../../languages/manifests';
import { appFinding, isAppAnchor, isInsideAnotherApp } from '../app-roots';
import { foldersUpTo, repositoryRoot } from '../repo-files';

/** Folders that conventionally hold Kubernetes manifests or Helm charts. */
const MANIFEST_FOLDERS = ['k8s', 'kubernetes', 'kube', 'deploy', 'deployment', 'deployments', 'manifests', 'charts', 'helm'];
const WORKLOAD = /^kind:\s*(Deployment|StatefulSet|DaemonSet|Job|CronJob|Rollout)\s*$/m;

const rule: Rule = {
  meta: {
    id: 'concurrency/no-process-model',
    factor: 'concurrency',
    severity: 'warning',
    languages: ['gomod', 'packagejson', 'requirements', 'dockerfile'],
    summary: 'The app declares no process types',
    appLevel: true,
  },
  check(ctx) {
    // An app inside another (`docker/Dockerfile` under a `go.mod`) is the outer app's: told there once.
    if (!isAppAnchor(ctx) || isInsideAnotherApp(ctx) || declaresProcesses(ctx)) return [];
    return [
      appFinding(
        ctx,
        'the app declares no process types (no Procfile, compose services, Kubernetes workload or cmd/<type> layout); declare how it runs, e.g. a Procfile with web: and worker: types',
      ),
    ];
  },
};

export default rule;

function declaresProcesses(ctx: RuleContext): boolean {
  const appDir = path.dirname(ctx.path);
  for (const dir of foldersUpTo(ctx, repositoryRoot(ctx))) {
    const entries = ctx.workspace.listDir(dir) ?? [];
    if (entries.some((e) => e === 'Procfile' || e.startsWith('Procfile.'))) return true;
    for (const name of entries.filter(isComposeName)) {
      if (parseYaml(ctx.workspace.readFile(path.join(dir, name)) ?? '').documents.some((doc) => composeServices(doc).length > 0)) return true;
    }
    // A workload manifest beside the app or above it (`deployment.yaml` next to go.mod), or in a manifests folder.
    if (holdsWorkload(ctx, dir, 0)) return true;
    for (const folder of MANIFEST_FOLDERS) {
      if (entries.includes(`${folder}/`) && holdsWorkload(ctx, path.join(dir, folder), 2)) return true;
    }
  }
  // Go's layout of one main package per process type: cmd/web, cmd/worker.
  const cmd = ctx.workspace.listDir(path.join(appDir, 'cmd')) ?? [];
  return cmd.some((e) => e.endsWith('/') && (ctx.workspace.listDir(path.join(appDir, 'cmd', e)) ?? []).some((f) => f.endsWith('.go')));
}

/** A Helm chart, or a YAML file declaring a workload, in `dir` or `depth` folders below it. */
function holdsWorkload(ctx: RuleContext, dir: string, depth: number): boolean {
  const entries = ctx.workspace.listDir(dir) ?? [];
  if (entries.includes('Chart.yaml')) return true;
  for (const e of entries) {
    if (/\.ya?ml$/i.test(e) && WORKLOAD.test(ctx.workspace.readFile(path.join(dir, e)) ?? '')) return true;
    if (e.endsWith('/') && depth > 0 && holdsWorkload(ctx, path.join(dir, e.slice(0, -1)), depth - 1)) return true;
  }
  return false;
}
