import * as path from 'path';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { isExampleEnvFileName } from '../../files';
import { dotenvEntries, type ConfigEntry } from '../../languages/config-files';
import { fileHeadRange } from '../../languages/documents';
import { credentialInUrl, isPlaceholder, isSecretUnder, providerSecret } from '../../util/literals';
import { isGitIgnored } from '../repo-files';

/** The entries of an env file that set a value (placeholders such as `changeme` or `${VAR}` set none). */
export function envFileValues(text: string): ConfigEntry[] {
  return dotenvEntries(text).filter((e) => !isPlaceholder(e.value, e.key));
}

/** A committed env file with values: its values leak; the file git must ignore. */
export function isCommittedEnvFile(ctx: RuleContext): boolean {
  return !isExampleEnvFileName(path.basename(ctx.path)) && envFileValues(ctx.text).length > 0 && !isGitIgnored(ctx);
}

function isSecretEntry(entry: ConfigEntry): boolean {
  return isSecretUnder(entry.key, entry.value, false) || providerSecret(entry.value) !== undefined || credentialInUrl(entry.value) !== undefined;
}

const rule: Rule = {
  meta: {
    id: 'config/committed-env-file',
    factor: 'config',
    severity: 'warning',
    languages: ['dotenv'],
    summary: 'A .env file with values that .gitignore does not ignore: config committed with the code.',
  },
  check(ctx): FindingDraft[] {
    if (!isCommittedEnvFile(ctx)) return [];
    const name = path.basename(ctx.path);
    const secrets = envFileValues(ctx.text).filter(isSecretEntry).map((e) => e.key);
    const head = fileHeadRange(ctx.text);
    const ignoreAdvice = `add ${name} to .gitignore, keep the keys without values in ${name === '.env' ? '.env.example' : `an example file`}, and set the values in each deploy's environment`;
    if (secrets.length > 0) {
      return [{
        range: head,
        message: `${name} is not ignored by git and holds secrets (${secrets.join(', ')}); ${ignoreAdvice}, and rotate the committed secrets`,
        severity: 'error',
        data: { file: name, secrets: secrets.join(',') },
      }];
    }
    return [{ range: head, message: `${name} with values is not ignored by git, so config is committed with the code; ${ignoreAdvice}`, data: { file: name } }];
  },
};

export default rule;
