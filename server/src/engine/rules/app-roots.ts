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

/**
 * Whether an app sits inside another one, up to the workspace root (`cmd/server/Dockerfile` or
 * `docker/Dockerfile` under a `go.mod`): what the outer app is told covers it.
 */
export function isInsideAnotherApp(ctx: RuleContext): boolean {
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
