import type { Recipe } from '../recipe.js';
import { pythonAttributeTypo } from './attribute-typo.js';
import { pythonMissingAwait } from './missing-await.js';
import { pythonMissingImport } from './missing-import.js';
import { pythonModelKwargs } from './model-kwargs.js';
import { pythonNameTypo } from './name-typo.js';
import { pythonStatusCode } from './status-code.js';
import { pythonUnmountedRouter } from './unmounted-router.js';

/** The Python recipes in the order they are tried (imports before typos: a missing import is no typo). */
export const pythonRecipes: readonly Recipe[] = [
  pythonMissingImport,
  pythonNameTypo,
  pythonAttributeTypo,
  pythonModelKwargs,
  pythonMissingAwait,
  pythonUnmountedRouter,
  pythonStatusCode,
];
