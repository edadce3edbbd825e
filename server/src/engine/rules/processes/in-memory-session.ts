import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'processes/in-memory-session',
    factor: 'processes',
    severity: 'warning',
    languages: ['go'],
    summary: 'Request state is kept in process memory',
  },
  check() {
    return [];
  },
};

export default rule;
