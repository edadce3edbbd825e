// Apps as wholes: an app root is a folder holding a manifest (go.mod, package.json, requirements.txt)
// or a Dockerfile or Procfile. App-level findings sit on the root's first manifest, so each app gets one.
import * as path from 'path';
import type { RuleContext } from '../rule';
import type { FindingDraft } from '../types';
import { fileHeadRange } from '../languages/documents';

/** In this order, the file an app-level finding is reported on. */
export const ANCHORS = ['go.mod', 'package.json', 'requirements.txt', 'Dockerfile', 'Procfile'];

/** Whether the analysed file is the one its folder's app-level findings are reported on. */
export function isAppAnchor(ctx: RuleContext): boolean {
  const entries = new Set(ctx.workspace.listDir(path.dirname(ctx.path)) ?? []);
  return ANCHORS.find((name) => entries.has(name)) === path.basename(ctx.path);
}

/** One app-level finding on the anchor's first line of content. */
export function appFinding(ctx: RuleContext, message: string): FindingDraft {
  return { range: fileHeadRange(ctx.text), message };
}
