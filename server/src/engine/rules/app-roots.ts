// Apps as wholes: an app root is a folder holding a manifest (go.mod, package.json, requirements.txt)
// or a Dockerfile or Procfile. App-level findings sit on the root's first manifest, so each app gets one.
import * as path from 'path';
import type { RuleContext } from '../rule';
import type { FindingDraft } from '../types';
import { fileHeadRange } from '../languages/documents';
import { foldersUp } from './runtime-commands';

/** In this order, the file an app-level finding is reported on. */
export const ANCHORS = ['go.mod', 'package.json', 'requirements.txt', 'Dockerfile', 'Procfile'];

/** Whether the analysed file is the one its folder's app-level findings are reported on. */
export function isAppAnchor(ctx: RuleContext): boolean {
  const entries = new Set(ctx.workspace.listDir(path.dirname(ctx.path)) ?? []);
  return ANCHORS.find((name) => entries.has(name)) === path.basename(ctx.path);
}

/** Manifests: a folder holding one is an app (a module, a package) of its own, wherever it sits. */
const MANIFESTS = ['go.mod', 'package.json', 'requirements.txt'];

/**
 * Whether an app root with no manifest of its own (a `Dockerfile` or `Procfile` alone) sits inside an
 * app, up to the workspace root: `cmd/server/Dockerfile` or `docker/Dockerfile` under a `go.mod` builds
 * that app, and what the app is told covers it. A nested module (its own `go.mod`) is an app of its own.
 */
export function isInsideAnotherApp(ctx: RuleContext): boolean {
  if (MANIFESTS.includes(path.basename(ctx.path))) return false;
  return foldersUp(ctx)
    .slice(1)
    .some((dir) => {
      const entries = ctx.workspace.listDir(dir) ?? [];
      return ANCHORS.some((name) => entries.includes(name));
    });
}

/** One app-level finding on the anchor's first line of content. */
export function appFinding(ctx: RuleContext, message: string): FindingDraft {
  return { range: fileHeadRange(ctx.text), message };
}
