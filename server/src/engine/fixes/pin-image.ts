// Pin image: an unpinned `FROM` image or compose/Kubernetes `image:` gets the tag the workspace
// already uses for that image elsewhere (another stage, Dockerfile, compose file or manifest). With
// no such tag there is nothing to offer: which version production runs is not ours to guess.
import * as path from 'path';
import { languageOf } from '../files';
import { parseDockerfile, parseYaml, TextIndex } from '../languages/documents';
import { composeServices, imageNodes, kubernetesKind, MAX_YAML_LENGTH, parseImageReference, stringScalar } from '../languages/manifests';
import type { Finding } from '../types';
import type { Fix, FixContext, FindingFixProvider } from './types';

/** Folders the search does not enter: dependencies, build output, VCS data. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'vendor', 'dist', 'build', 'out', 'target', 'testdata']);
const MAX_DEPTH = 6;
const MAX_FOLDERS = 400;
const MAX_FILES_READ = 200;
/** At most this many tags are offered, the most used first. */
const MAX_OFFERS = 3;

/** Which image a reference names, whatever the spelling: `postgres`, `docker.io/library/postgres`. */
function imageKey(reference: string): string {
  const { repository } = parseImageReference(reference);
  return repository.toLowerCase().replace(/^(index\.)?docker\.io\//, '').replace(/^library\//, '');
}

/** A tag that pins: not `latest`, not chosen by a variable. */
function pinningTag(reference: string): string | undefined {
  const { tag } = parseImageReference(reference);
  return tag && tag.toLowerCase() !== 'latest' && !tag.includes('$') ? tag : undefined;
}

/** Image references written in a Dockerfile, compose file or Kubernetes manifest. */
function imageReferences(file: string, text: string): string[] {
  const language = languageOf(file);
  if (language === 'dockerfile') return parseDockerfile(text).getFROMs().flatMap((from) => from.getImage() ?? []);
  if ((language !== 'compose' && language !== 'yaml') || text.length > MAX_YAML_LENGTH || !/\bimage:/.test(text)) return [];
  return parseYaml(text).documents.flatMap((doc) => {
    if (language === 'compose') return composeServices(doc).flatMap(({ node }) => stringScalar(node.get('image', true))?.value ?? []);
    return kubernetesKind(doc) ? imageNodes(doc).map((n) => n.value) : [];
  });
}

/** Dockerfiles, compose files and manifests under `root`, breadth first, within the bounds above. */
function manifestFiles(ctx: FixContext, root: string): string[] {
  const files: string[] = [];
  let folders = 0;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0 && folders < MAX_FOLDERS && files.length < MAX_FILES_READ) {
    const { dir, depth } = queue.shift()!;
    folders++;
    for (const entry of ctx.workspace.listDir(dir) ?? []) {
      if (entry.endsWith('/')) {
        const name = entry.slice(0, -1);
        if (depth < MAX_DEPTH && !name.startsWith('.') && !SKIPPED_FOLDERS.has(name)) queue.push({ dir: path.join(dir, name), depth: depth + 1 });
        continue;
      }
      const file = path.join(dir, entry);
      const language = languageOf(file);
      if (language === 'dockerfile' || language === 'compose' || language === 'yaml') files.push(file);
    }
  }
  return files.slice(0, MAX_FILES_READ);
}

/** Per fix context (one editor request), the pinned tags of every image in the workspace, with their counts. */
const tagIndexes = new WeakMap<FixContext, Map<string, Map<string, number>>>();

function tagIndex(ctx: FixContext): Map<string, Map<string, number>> {
  const cached = tagIndexes.get(ctx);
  if (cached) return cached;
  const index = new Map<string, Map<string, number>>();
  const files = manifestFiles(ctx, workspaceRoot(ctx));
  if (!files.includes(ctx.path)) files.push(ctx.path);
  for (const file of files) {
    const text = file === ctx.path ? ctx.text : ctx.workspace.readFile(file);
    if (text === undefined) continue;
    for (const reference of imageReferences(file, text)) {
      const tag = pinningTag(reference);
      if (!tag) continue;
      const counts = index.get(imageKey(reference)) ?? new Map<string, number>();
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      index.set(imageKey(reference), counts);
    }
  }
  tagIndexes.set(ctx, index);
  return index;
}

/** Tags the workspace pins `key` to, the most used first (this file's own count too). */
function tagsInWorkspace(ctx: FixContext, key: string): string[] {
  const counts = tagIndex(ctx).get(key) ?? new Map<string, number>();
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}

/** The workspace (or scan) root: the file's path without its relative part. */
function workspaceRoot(ctx: FixContext): string {
  const tail = path.sep + ctx.relativePath.split('/').join(path.sep);
  return ctx.path.endsWith(tail) ? ctx.path.slice(0, -tail.length) || path.sep : path.dirname(ctx.path);
}

const provider: FindingFixProvider = {
  ruleIds: ['build-release-run/unpinned-base-image', 'dev-prod-parity/unpinned-service-image'],
  fixesFor(finding: Finding, ctx: FixContext): Fix[] {
    const index = new TextIndex(ctx.text);
    const start = index.offset(finding.range.start);
    const end = index.offset(finding.range.end);
    const written = ctx.text.slice(start, end);
    // A YAML scalar's range holds its quotes; the reference is inside them.
    const quote = /^["']/.test(written) && written.endsWith(written[0]) && written.length >= 2 ? written[0] : '';
    const reference = quote ? written.slice(1, -1) : written;
    if (!reference || reference.includes('$') || reference.includes('@') || /\s/.test(reference)) return [];
    const { repository } = parseImageReference(reference);
    const tags = tagsInWorkspace(ctx, imageKey(reference)).slice(0, MAX_OFFERS);
    return tags.map((tag, i) => ({
      title: `Pin ${repository} to ${repository}:${tag} (as used elsewhere in the workspace)`,
      kind: 'quickfix',
      ruleId: finding.ruleId,
      isPreferred: i === 0 && tags.length === 1,
      changes: [{ kind: 'edit', path: ctx.path, edits: [{ range: finding.range, newText: `${quote}${repository}:${tag}${quote}` }] }],
    }));
  },
};

export default provider;
