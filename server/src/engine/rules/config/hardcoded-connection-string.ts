import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'config/hardcoded-connection-string',
    factor: 'config',
    severity: 'warning',
    languages: ['go'],
    summary: 'A backing-service connection string is written in the code',
  },
  check() {
    return [];
  },
};

export default rule;
