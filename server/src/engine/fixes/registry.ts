// Every fix provider, in the order their fixes are offered for a finding.
import { logToStdoutFix } from './go/log-to-stdout';
import { portFromEnvFix } from './go/port-from-env';
import { gracefulShutdownFix } from './go/shutdown';
import type { FindingFixProvider, RefactorProvider } from './types';

export const FINDING_FIX_PROVIDERS: readonly FindingFixProvider[] = [
  gracefulShutdownFix,
  portFromEnvFix,
  logToStdoutFix,
];

export const REFACTOR_PROVIDERS: readonly RefactorProvider[] = [];
