// Every fix provider, in the order their fixes are offered for a finding.
import { extractConfigFieldFix, extractLiteralRefactor } from './go/extract-config-field';
import type { FindingFixProvider, RefactorProvider } from './types';

export const FINDING_FIX_PROVIDERS: readonly FindingFixProvider[] = [extractConfigFieldFix];

export const REFACTOR_PROVIDERS: readonly RefactorProvider[] = [extractLiteralRefactor];
