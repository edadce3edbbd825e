import type { Rule } from '../../rule';

const rule: Rule = {
  meta: {
    id: 'logs/writes-log-file',
    factor: 'logs',
    severity: 'warning',
    languages: ['go'],
    summary: 'Logs are written to files instead of stdout',
  },
  check() {
    return [];
  },
};

export default rule;
