import type { RepairTemplate } from '../template.js';

/** The contract-guided Python templates, tried after the recipes, in this order. */
export const pythonTemplates: readonly RepairTemplate[] = [];
