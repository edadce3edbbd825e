// Backing-service DSNs written in the code, defaults of env reads included: required config must
// fail loudly when it is missing, not fall back to a database that only exists on one machine.
import { callInfo, structTagDefaults } from '../../languages/go';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { connectionString, envVarName } from '../../util/literals';
import { pairedConfigKey, suggestedEnvVar } from '../literal-names';
import { literalConnectionString } from '../literal-values';

const rule: Rule = {
  meta: {
    id: 'config/hardcoded-connection-string',
    factor: 'config',
    severity: 'warning',
    languages: ['go'],
    summary: 'A backing-service connection string is written in the code',
    literal: true,
    // A backing service's URL scheme, MySQL's `@tcp(…)`, or a key=value DSN's host or database.
    textHint: /(?:postgres|postgresql|mysql|mongodb(?:\+srv)?|rediss?|amqps?|nats|kafka):\/\/|@(?:tcp|unix|udp)\(|(?:host|hostaddr|dbname)=/i,
  },
  check({ go }) {
    if (!go) return [];
    const out: FindingDraft[] = [];
    for (const { node } of go.literals) {
      const service = literalConnectionString(node);
      if (!service) continue;
      const site = go.siteOf(node);
      // Inspecting a DSN (`strings.HasPrefix(u, "postgres://…")`, `u == "…"`) is not configuring one.
      if (site.kind === 'compare' || (site.kind === 'argument' && callInfo(site.call).receiver === 'strings')) continue;
      // A client's package names no config key (`pgxpool.New` → not PGXPOOL_URL); an env read's key does.
      const envVar = site.kind === 'argument' ? pairedConfigKey(site.call, site.index) ?? service.envVar : suggestedEnvVar(go, node, service.envVar);
      out.push({
        range: go.range(node),
        literalOffset: node.startIndex,
        message: `${service.service} connection string is hardcoded; read it from config (${envVar})`,
        data: { envVar },
      });
    }
    for (const { tag, value, range, field, envVar: tagEnvVar } of structTagDefaults(go)) {
      const service = connectionString(value);
      if (!service) continue;
      const envVar = envVarName(tagEnvVar ?? field);
      out.push({
        range,
        literalOffset: tag.startIndex,
        message: `${service.service} connection string is the hardcoded default of ${field}; read it from config (${envVar}) and fail when it is missing`,
        data: { envVar },
      });
    }
    return out;
  },
};

export default rule;
