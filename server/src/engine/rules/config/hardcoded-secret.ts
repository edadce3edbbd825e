import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'config/hardcoded-secret',
    factor: 'config',
    severity: 'error',
    languages: ['go'],
    summary: 'A secret is written in the code',
  },
  check() {
    return [];
  },
};

export default rule;
