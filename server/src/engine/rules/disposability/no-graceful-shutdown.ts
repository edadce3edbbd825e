import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'disposability/no-graceful-shutdown',
    factor: 'disposability',
    severity: 'warning',
    languages: ['go'],
    summary: 'The server does not shut down gracefully on SIGTERM',
  },
  check() {
    return [];
  },
};

export default rule;
