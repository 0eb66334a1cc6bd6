import type { Recipe } from '../recipe.js';
import { nodeJsonSerialize } from './json-serialize.js';
import { nodeMissingAwait } from './missing-await.js';
import { nodeMissingImport } from './missing-import.js';
import { nodeNameTypo } from './name-typo.js';
import { nodePropertyTypo } from './property-typo.js';
import { nodeStatusCode } from './status-code.js';
import { nodeUnmountedRouter } from './unmounted-router.js';

/**
 * The Node recipes in the order they are tried: imports before typos (a missing import is no
 * typo), a missing await before a property typo (a Promise has none of the members either).
 */
export const nodeRecipes: readonly Recipe[] = [
  nodeMissingImport,
  nodeNameTypo,
  nodeMissingAwait,
  nodePropertyTypo,
  nodeJsonSerialize,
  nodeUnmountedRouter,
  nodeStatusCode,
];
