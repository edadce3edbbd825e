// Every fix provider, in the order their fixes are offered for a finding.
import { portFromEnvFix } from './go/port-from-env';
import { gracefulShutdownFix } from './go/shutdown';
import type { FindingFixProvider, RefactorProvider } from './types';

export const FINDING_FIX_PROVIDERS: readonly FindingFixProvider[] = [
  gracefulShutdownFix,
  portFromEnvFix,
];

export const REFACTOR_PROVIDERS: readonly RefactorProvider[] = [];
