// Every fix provider, in the order their fixes are offered for a finding.
import type { FindingFixProvider, RefactorProvider } from './types';

export const FINDING_FIX_PROVIDERS: readonly FindingFixProvider[] = [];

export const REFACTOR_PROVIDERS: readonly RefactorProvider[] = [];
