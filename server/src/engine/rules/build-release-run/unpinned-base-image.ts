import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { isStageReference, stagesOf } from '../../languages/dockerfile';

/** `${GO_VERSION}` / `$GO_VERSION`: the name of the build arg a tag is taken from. */
const ARG_REFERENCE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}?$/;

const rule: Rule = {
  meta: {
    id: 'build-release-run/unpinned-base-image',
    factor: 'build-release-run',
    severity: 'warning',
    languages: ['dockerfile'],
    summary: 'A base image without a version tag (or :latest), so builds are not reproducible',
  },
  check({ dockerfile }) {
    if (!dockerfile) return [];
    const stages = stagesOf(dockerfile);
    const out: FindingDraft[] = [];
    for (const { from } of stages) {
      const full = from.getImage();
      const range = from.getImageRange();
      if (!full || !range || full.toLowerCase() === 'scratch' || isStageReference(from, stages) || from.getImageDigest()) continue;
      let tag = from.getImageTag();
      const name = tag === null ? full : full.slice(0, full.length - tag.length - 1);
      if (name.includes('$')) continue; // `FROM ${BASE_IMAGE}`: chosen at build time, not an image name
      const argument = tag === null ? undefined : ARG_REFERENCE.exec(tag);
      if (argument) {
        // `FROM golang:${GO_VERSION}` pins whatever the ARG's default is (or the `:-default`).
        tag = argument[2]?.slice(2) ?? dockerfile.resolveVariable(argument[1], from.getRange().start.line) ?? null;
        if (tag === null || tag.includes('$')) continue;
      } else if (tag?.includes('$')) {
        continue;
      }
      if (tag !== null && tag.toLowerCase() !== 'latest') continue;
      const pinnedElsewhere = stages
        .map((s) => s.from)
        .find((other) => other !== from && other.getImageTag() && !other.getImageTag()?.includes('$') && other.getImageTag()?.toLowerCase() !== 'latest' && other.getImage()?.startsWith(`${name}:`));
      const suggestion = pinnedElsewhere?.getImageTag();
      const how = tag === null ? `base image ${name} has no tag` : `base image ${full} uses the latest tag`;
      out.push({
        range,
        message: `${how}, so each build may get a different image; pin a version${suggestion ? ` (${name}:${suggestion}, as used elsewhere in this file)` : ' tag'} or a digest`,
        data: suggestion ? { image: name, suggestedTag: suggestion } : { image: name },
      });
    }
    return out;
  },
};

export default rule;
