import type { FactorSlug } from './types';

export interface Factor {
  slug: FactorSlug;
  numeral: string;
  title: string;
  /** The factor's page on 12factor.net. */
  url: string;
  principle: string;
}

export const FACTORS: readonly Factor[] = [
  { slug: 'codebase', numeral: 'I', title: 'Codebase', url: 'https://12factor.net/codebase', principle: 'One codebase tracked in revision control, many deploys' },
  { slug: 'dependencies', numeral: 'II', title: 'Dependencies', url: 'https://12factor.net/dependencies', principle: 'Explicitly declare and isolate dependencies' },
  { slug: 'config', numeral: 'III', title: 'Config', url: 'https://12factor.net/config', principle: 'Store config in the environment' },
  { slug: 'backing-services', numeral: 'IV', title: 'Backing services', url: 'https://12factor.net/backing-services', principle: 'Treat backing services as attached resources' },
  { slug: 'build-release-run', numeral: 'V', title: 'Build, release, run', url: 'https://12factor.net/build-release-run', principle: 'Strictly separate build and run stages' },
  { slug: 'processes', numeral: 'VI', title: 'Processes', url: 'https://12factor.net/processes', principle: 'Execute the app as one or more stateless processes' },
  { slug: 'port-binding', numeral: 'VII', title: 'Port binding', url: 'https://12factor.net/port-binding', principle: 'Export services via port binding' },
  { slug: 'concurrency', numeral: 'VIII', title: 'Concurrency', url: 'https://12factor.net/concurrency', principle: 'Scale out via the process model' },
  { slug: 'disposability', numeral: 'IX', title: 'Disposability', url: 'https://12factor.net/disposability', principle: 'Maximize robustness with fast startup and graceful shutdown' },
  { slug: 'dev-prod-parity', numeral: 'X', title: 'Dev/prod parity', url: 'https://12factor.net/dev-prod-parity', principle: 'Keep development, staging, and production as similar as possible' },
  { slug: 'logs', numeral: 'XI', title: 'Logs', url: 'https://12factor.net/logs', principle: 'Treat logs as event streams' },
  { slug: 'admin-processes', numeral: 'XII', title: 'Admin processes', url: 'https://12factor.net/admin-processes', principle: 'Run admin/management tasks as one-off processes' },
];

const BY_SLUG = new Map(FACTORS.map((f) => [f.slug, f]));

export function factorOf(slug: FactorSlug): Factor {
  const factor = BY_SLUG.get(slug);
  if (!factor) throw new Error(`unknown factor ${slug}`);
  return factor;
}
