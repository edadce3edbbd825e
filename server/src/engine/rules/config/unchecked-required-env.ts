import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'config/unchecked-required-env',
    factor: 'config',
    severity: 'warning',
    languages: ['go'],
    summary: 'A required env var is read without failing loudly when it is missing',
  },
  check() {
    return [];
  },
};

export default rule;
