// Every fix provider, in the order their fixes are offered for a finding (preferred fixes first).
import envFile from './env-file';
import execForm from './exec-form';
import { extractConfigFieldFix, extractLiteralRefactor } from './go/extract-config-field';
import { logToStdoutFix } from './go/log-to-stdout';
import { portFromEnvFix } from './go/port-from-env';
import { gracefulShutdownFix } from './go/shutdown';
import pinImage from './pin-image';
import type { FindingFixProvider, RefactorProvider } from './types';

export const FINDING_FIX_PROVIDERS: readonly FindingFixProvider[] = [
  gracefulShutdownFix,
  // On a hardcoded port, reading PORT (with the old port as fallback) comes before extracting a required field.
  portFromEnvFix,
  logToStdoutFix,
  extractConfigFieldFix,
  execForm,
  pinImage,
  envFile,
];

export const REFACTOR_PROVIDERS: readonly RefactorProvider[] = [extractLiteralRefactor];
