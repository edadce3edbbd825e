// Evidence in the files that say how the app is built and run: a multi-stage Dockerfile (V), process
// types in a Procfile or compose file (VIII), a release process (XII), pinned service images (X).
import * as path from 'path';
import { Copy } from 'dockerfile-ast';
import type { Document } from 'yaml';
import { isComposeName, isExamplePath } from '../../files';
import { isNonReleaseDockerfile, stagesOf } from '../../languages/dockerfile';
import { lineRange, lines, parseYaml } from '../../languages/documents';
import { composeServices, MAX_YAML_LENGTH, parseImageReference, stringScalar, type StringScalar } from '../../languages/manifests';
import { isServiceImage } from '../../rules/dev-prod-parity/unpinned-service-image';
import type { RuleContext } from '../../rule';
import { evidence, type EvidenceCollector } from './collector';

export const multiStageDockerfile: EvidenceCollector = {
  factor: 'build-release-run',
  kind: 'multi-stage-dockerfile',
  languages: ['dockerfile'],
  collect({ dockerfile, path: filePath, relativePath }) {
    if (!dockerfile || isNonReleaseDockerfile(relativePath)) return [];
    const stages = stagesOf(dockerfile);
    const final = stages[stages.length - 1];
    if (!final || stages.length < 2) return [];
    const copied = final.instructions.filter((i): i is Copy => i instanceof Copy && i.getFromFlag() !== null);
    if (copied.length === 0) return [];
    const from = copied[0].getFromFlag()!.getValue() ?? 'an earlier stage';
    return [evidence(this, filePath, final.from.getRange(), `multi-stage build: the shipped image (${final.from.getImage() ?? 'final stage'}) only receives what the ${from} stage built`)];
  },
};

/** `web: ./server` lines of a Procfile, with their place. */
function procfileProcesses(text: string): { type: string; command: string; line: number; length: number }[] {
  return lines(text).flatMap((l) => {
    const m = /^([A-Za-z0-9_-]+):\s*(\S.*)$/.exec(l.text);
    return m ? [{ type: m[1], command: m[2].trim(), line: l.index, length: l.text.length }] : [];
  });
}

function composeDocuments(ctx: RuleContext): Document.Parsed[] {
  if (ctx.text.length > MAX_YAML_LENGTH || !ctx.yaml) return [];
  return ctx.yaml.documents.filter((d) => d.errors.length === 0);
}

export const processTypes: EvidenceCollector = {
  factor: 'concurrency',
  kind: 'process-types',
  languages: ['procfile', 'compose'],
  collect(ctx) {
    if (ctx.language === 'procfile') {
      const processes = procfileProcesses(ctx.text);
      if (processes.length === 0) return [];
      const first = processes[0];
      return [evidence(this, ctx.path, lineRange(first.line, 0, first.length), `process types declared in the Procfile: ${processes.map((p) => p.type).join(', ')}`)];
    }
    if (isExamplePath(ctx.relativePath)) return [];
    // Services built from the app's own code are its process types; pulled images are backing services.
    const built = composeDocuments(ctx).flatMap((doc) => composeServices(doc).filter((s) => s.node.has('build')));
    if (built.length === 0 || !ctx.yaml) return [];
    const range = ctx.yaml.range(built[0].node.range as [number, number, number] | undefined);
    return [evidence(this, ctx.path, range, `process types declared as compose services: ${built.map((s) => s.name).join(', ')}`)];
  },
};

export const releaseProcess: EvidenceCollector = {
  factor: 'admin-processes',
  kind: 'release-process',
  languages: ['procfile'],
  collect({ text, path: filePath }) {
    return procfileProcesses(text)
      .filter((p) => p.type === 'release')
      .map((p) => evidence(this, filePath, lineRange(p.line, 0, p.length), `release tasks run as a one-off process before each release: ${p.command}`));
  },
};

/** Service images a compose document pulls (a service with `build:` is the app itself). */
function serviceImages(doc: Document.Parsed): StringScalar[] {
  return composeServices(doc).flatMap(({ node }) => {
    const image = stringScalar(node.get('image', true));
    return image && !node.has('build') && isServiceImage(parseImageReference(image.value).path) ? [image] : [];
  });
}

function isPinned(reference: string): boolean {
  const image = parseImageReference(reference);
  return reference.includes('$') || !!image.digest || (!!image.tag && image.tag.toLowerCase() !== 'latest');
}

/** Tags the other compose files of the folder give each service image path. */
function tagsElsewhere(ctx: RuleContext): { file: string; tags: Map<string, string> }[] {
  const dir = path.dirname(ctx.path);
  return (ctx.workspace.listDir(dir) ?? [])
    .filter((name) => isComposeName(name) && name !== path.basename(ctx.path))
    .flatMap((name) => {
      const text = ctx.workspace.readFile(path.join(dir, name));
      if (text === undefined || text.length > MAX_YAML_LENGTH) return [];
      const tags = new Map<string, string>();
      for (const doc of parseYaml(text).documents.filter((d) => d.errors.length === 0)) {
        for (const image of serviceImages(doc)) tags.set(parseImageReference(image.value).path, image.value);
      }
      return [{ file: name, tags }];
    });
}

export const pinnedServiceImages: EvidenceCollector = {
  factor: 'dev-prod-parity',
  kind: 'pinned-service-images',
  languages: ['compose'],
  collect(ctx) {
    if (isExamplePath(ctx.relativePath)) return [];
    const images = composeDocuments(ctx).flatMap(serviceImages);
    if (images.length === 0 || !ctx.yaml || !images.every((i) => isPinned(i.value))) return [];
    // Pinned here but to another version in the folder's other compose files is no parity.
    const others = tagsElsewhere(ctx);
    const disagrees = images.some((i) => others.some((o) => (o.tags.get(parseImageReference(i.value).path) ?? i.value) !== i.value));
    if (disagrees) return [];
    const shared = others.filter((o) => images.some((i) => o.tags.has(parseImageReference(i.value).path))).map((o) => o.file);
    const also = shared.length > 0 ? `, the same in ${shared.join(', ')}` : '';
    return [evidence(this, ctx.path, ctx.yaml.range(images[0].range), `backing service images pinned: ${images.map((i) => i.value).join(', ')}${also}`)];
  },
};
