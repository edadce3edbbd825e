import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { suggestedEnvVar } from '../literal-names';
import { literalConnectionString, literalCredentialUrl } from '../literal-values';
import { structuredCredentialUrls } from './structured-secrets';

const rule: Rule = {
  meta: {
    id: 'config/credential-in-url',
    factor: 'config',
    severity: 'error',
    languages: ['go', 'compose', 'yaml', 'json', 'ini', 'toml', 'properties'],
    summary: 'A URL or DSN literal carries a password',
    literal: true,
    // A URL's userinfo, MySQL's `user:pass@tcp(…)`, or a `password=` pair. Deploy config (a Secret's
    // base64 data among it) is not filtered.
    textHint: [{ languages: ['go'], file: /:\/\/[^\s/?#]*@|@(?:tcp|unix|udp)?[(/]|(?:password|pwd)\s*=/i }],
  },
  check(ctx) {
    if (ctx.language !== 'go') return structuredCredentialUrls(ctx);
    const { go } = ctx;
    if (!go) return [];
    const out: FindingDraft[] = [];
    for (const { node } of go.literals) {
      const credential = literalCredentialUrl(node);
      if (!credential) continue;
      const envVar = suggestedEnvVar(go, node, literalConnectionString(node)?.envVar ?? 'SERVICE_URL');
      out.push({
        range: go.range(node),
        literalOffset: node.startIndex,
        message: `a password is hardcoded in ${credential.redacted}; read the URL from config (${envVar}) and keep the credential out of the code`,
        data: { envVar },
      });
    }
    return out;
  },
};

export default rule;
