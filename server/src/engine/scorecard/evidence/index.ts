// Every evidence collector, in factor order. The engine runs those whose languages match a file.
import type { EvidenceCollector } from './collector';
import { multiStageDockerfile, pinnedServiceImages, processTypes, releaseProcess } from './deploy-files';
import { backingServiceConfig, configLoader, portFromEnv } from './go-config';
import { adminSubcommand, externalSessionStore, gracefulShutdown, structuredLogs } from './go-runtime';
import { gitWorkTree, lockfile } from './repository';

export type { EvidenceCollector } from './collector';

export const COLLECTORS: readonly EvidenceCollector[] = [
  gitWorkTree,
  lockfile,
  configLoader,
  backingServiceConfig,
  multiStageDockerfile,
  externalSessionStore,
  portFromEnv,
  processTypes,
  gracefulShutdown,
  pinnedServiceImages,
  structuredLogs,
  adminSubcommand,
  releaseProcess,
];
