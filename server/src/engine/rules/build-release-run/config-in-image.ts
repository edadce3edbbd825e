import * as path from 'path';
import { Arg, Env, type Property } from 'dockerfile-ast';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { contextCopies } from '../../languages/dockerfile';
import { isEnvFileName, isExampleEnvFileName } from '../../files';
import { credentialInUrl, isPlaceholder, isSecretName, looksLikeSecretValue, providerSecret } from '../../util/literals';

/** What makes a variable's value a secret, said without the value: `a GitHub token`, `a password in postgres://u:****@db`. */
function secretIn(name: string, value: string): string | undefined {
  if (/\$(\{|[A-Za-z_])/.test(value)) return undefined; // `${DB_PASSWORD}`, `$TOKEN`: a reference, not a value
  const provider = providerSecret(value);
  if (provider) return `a ${provider.provider} (${provider.redacted})`;
  const credential = credentialInUrl(value);
  if (credential) return `a password in ${credential.redacted}`;
  if (isSecretName(name) && !isPlaceholder(value, name) && looksLikeSecretValue(value)) return 'a secret value';
  return undefined;
}

/** `.env`, `.env.production`, `prod.env`, `.env*`, but not `.env.example`. */
function isEnvFile(source: string): boolean {
  const name = path.posix.basename(source.replace(/\/+$/, ''));
  return (isEnvFileName(name) || /^\.env\*$/.test(name)) && !isExampleEnvFileName(name);
}

function propertyFinding(keyword: 'ENV' | 'ARG', property: Property): FindingDraft | undefined {
  const value = property.getValue();
  if (value === null) return undefined; // `ARG TOKEN`: a build arg without a default
  const name = property.getName();
  const secret = secretIn(name, value);
  if (!secret) return undefined;
  const message =
    keyword === 'ENV'
      ? `ENV ${name} bakes ${secret} into the image, where anyone who can pull it can read it; pass it at run time (docker run -e, an orchestrator secret) instead`
      : `ARG ${name} gives ${secret} as its default, which stays in the Dockerfile and the image history; pass it as a build secret (RUN --mount=type=secret) instead`;
  return {
    range: property.getRange(),
    message,
    data: { variable: name, instruction: keyword },
  };
}

const rule: Rule = {
  meta: {
    id: 'build-release-run/config-in-image',
    factor: 'build-release-run',
    severity: 'error',
    languages: ['dockerfile'],
    summary: 'Secrets or .env files baked into the image instead of supplied at run time',
  },
  check({ dockerfile, text }) {
    if (!dockerfile) return [];
    const out: FindingDraft[] = [];
    for (const instruction of dockerfile.getInstructions()) {
      if (instruction instanceof Env || instruction instanceof Arg) {
        const keyword = instruction instanceof Env ? 'ENV' : 'ARG';
        for (const property of instruction.getProperties()) {
          const finding = propertyFinding(keyword, property);
          if (finding) out.push(finding);
        }
      }
    }
    for (const copy of contextCopies(dockerfile.getInstructions(), text)) {
      if (!isEnvFile(copy.source)) continue;
      out.push({
        range: copy.range,
        severity: 'warning',
        message: `${copy.instruction.getKeyword()} puts ${copy.source} into the image, baking its config (and any secrets) into every container; keep it out of the image (.dockerignore) and supply the values at run time`,
        data: { file: copy.source },
      });
    }
    return out;
  },
};

export default rule;
