// Every fix provider, in the order their fixes are offered for a finding.
import { portFromEnvFix } from './go/port-from-env';
import type { FindingFixProvider, RefactorProvider } from './types';

export const FINDING_FIX_PROVIDERS: readonly FindingFixProvider[] = [
  portFromEnvFix,
];

export const REFACTOR_PROVIDERS: readonly RefactorProvider[] = [];
