import type { RepairTemplate } from '../template.js';
import { pythonAttributeMeaning } from './attribute-meaning.js';

/** The contract-guided Python templates, tried after the recipes, in this order. */
export const pythonTemplates: readonly RepairTemplate[] = [
  pythonAttributeMeaning,
];
