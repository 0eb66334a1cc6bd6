import type { RepairTemplate } from '../template.js';
import { nodeAsyncErrorForward } from './async-error-forward.js';
import { nodeMissingEntity404 } from './missing-entity-404.js';

/** The contract-guided JavaScript templates, tried after the recipes, in this order. */
export const nodeTemplates: readonly RepairTemplate[] = [
  nodeAsyncErrorForward,
  nodeMissingEntity404,
];
