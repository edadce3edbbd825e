// Every rule the engine runs. Adding a rule: its file, its fixture, its doc, and one line here.
import type { Rule } from './rule';
import credentialInUrl from './rules/config/credential-in-url';
import hardcodedSecret from './rules/config/hardcoded-secret';
import hardcodedConnectionString from './rules/config/hardcoded-connection-string';
import uncheckedRequiredEnv from './rules/config/unchecked-required-env';
import hardcodedAddress from './rules/backing-services/hardcoded-address';
import inMemorySession from './rules/processes/in-memory-session';
import hardcodedPort from './rules/port-binding/hardcoded-port';
import noGracefulShutdown from './rules/disposability/no-graceful-shutdown';
import writesLogFile from './rules/logs/writes-log-file';
import singleStageDockerfile from './rules/build-release-run/single-stage-dockerfile';
import buildAtRuntime from './rules/build-release-run/build-at-runtime';
import unpinnedBaseImage from './rules/build-release-run/unpinned-base-image';
import configInImage from './rules/build-release-run/config-in-image';
import shellFormEntrypoint from './rules/disposability/shell-form-entrypoint';
import curlPipeShell from './rules/dependencies/curl-pipe-shell';
import daemonizes from './rules/concurrency/daemonizes';
import unpinnedServiceImage from './rules/dev-prod-parity/unpinned-service-image';
import implicitSystemTool from './rules/dependencies/implicit-system-tool';
import scatteredEnvAccess from './rules/config/scattered-env-access';
import localFileDatabase from './rules/backing-services/local-file-database';
import localDiskState from './rules/processes/local-disk-state';
import externalServer from './rules/port-binding/external-server';
import ignoresSigterm from './rules/disposability/ignores-sigterm';
import differentDatabasePerEnv from './rules/dev-prod-parity/different-database-per-env';
import environmentBranching from './rules/dev-prod-parity/environment-branching';
import adminEndpoint from './rules/admin-processes/admin-endpoint';
import inProcessScheduler from './rules/admin-processes/in-process-scheduler';
import migrateOnStartup from './rules/admin-processes/migrate-on-startup';
import committedEnvFile from './rules/config/committed-env-file';
import environmentConfigFile from './rules/config/environment-config-file';
import missingLockfile from './rules/dependencies/missing-lockfile';
import unpinnedVersion from './rules/dependencies/unpinned-version';
import sharedCodeByPath from './rules/codebase/shared-code-by-path';
import noVersionControl from './rules/codebase/no-version-control';
import noProcessModel from './rules/concurrency/no-process-model';

export const RULES: readonly Rule[] = [
  noVersionControl,
  noProcessModel,
  credentialInUrl,
  hardcodedSecret,
  hardcodedConnectionString,
  uncheckedRequiredEnv,
  hardcodedAddress,
  inMemorySession,
  hardcodedPort,
  noGracefulShutdown,
  writesLogFile,
  singleStageDockerfile,
  buildAtRuntime,
  unpinnedBaseImage,
  configInImage,
  shellFormEntrypoint,
  curlPipeShell,
  daemonizes,
  unpinnedServiceImage,
  implicitSystemTool,
  scatteredEnvAccess,
  localFileDatabase,
  localDiskState,
  externalServer,
  ignoresSigterm,
  differentDatabasePerEnv,
  environmentBranching,
  adminEndpoint,
  inProcessScheduler,
  migrateOnStartup,
  committedEnvFile,
  environmentConfigFile,
  missingLockfile,
  unpinnedVersion,
  sharedCodeByPath,
];

/** Literal rules in precedence order: a literal gets the first of these that applies. */
export const LITERAL_RULE_ORDER: readonly string[] = [
  'config/credential-in-url',
  'config/hardcoded-secret',
  'config/hardcoded-connection-string',
  'backing-services/hardcoded-address',
  'port-binding/hardcoded-port',
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
