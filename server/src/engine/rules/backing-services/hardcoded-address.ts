import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'backing-services/hardcoded-address',
    factor: 'backing-services',
    severity: 'warning',
    languages: ['go'],
    summary: 'A backing service is addressed by a literal host or URL',
  },
  check() {
    return [];
  },
};

export default rule;
