// Every fix provider, in the order their fixes are offered for a finding.
import envFile from './env-file';
import execForm from './exec-form';
import { extractConfigFieldFix, extractLiteralRefactor } from './go/extract-config-field';
import pinImage from './pin-image';
import type { FindingFixProvider, RefactorProvider } from './types';

export const FINDING_FIX_PROVIDERS: readonly FindingFixProvider[] = [extractConfigFieldFix, execForm, pinImage, envFile];

export const REFACTOR_PROVIDERS: readonly RefactorProvider[] = [extractLiteralRefactor];
