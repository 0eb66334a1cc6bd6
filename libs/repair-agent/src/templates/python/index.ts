import type { RepairTemplate } from '../template.js';
import { pythonAttributeMeaning } from './attribute-meaning.js';
import { pythonDictKey } from './dict-key.js';

/** The contract-guided Python templates, tried after the recipes, in this order. */
export const pythonTemplates: readonly RepairTemplate[] = [
  pythonAttributeMeaning,
  pythonDictKey,
];
