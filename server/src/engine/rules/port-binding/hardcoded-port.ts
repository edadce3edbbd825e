import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'port-binding/hardcoded-port',
    factor: 'port-binding',
    severity: 'warning',
    languages: ['go'],
    summary: 'The server listens on a hardcoded port',
  },
  check() {
    return [];
  },
};

export default rule;
