import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import type { RootCause } from '../../types.js';
import { typesOf } from '../python/contract-schema.js';

/** The documented endpoints of a cause that answered 404, with their operations. */
export function notFoundOperations(
  cause: RootCause,
  contract: ApiModel | null,
): { endpoint: string; operation: ApiOperation }[] {
  const out: { endpoint: string; operation: ApiOperation }[] = [];
  for (const endpoint of cause.endpoints) {
    if (!cause.violations.some((v) => v.endpoint === endpoint && v.actualStatus === 404)) continue;
    const operation = contract?.operations.find((o) => o.endpoint === endpoint);
    if (operation) out.push({ endpoint, operation });
  }
  return out;
}

/**
 * The route's own parameter names (`:recipeId` in `/recipes/:recipeId`) that the contract documents
 * as an integer or a number, with that type; a parameter is matched by its name, else by its
 * position among the documented path's (`{id}` ↔ `:recipeId`).
 */
export function numericPathParams(routePath: string, operation: ApiOperation): Map<string, 'integer' | 'number'> {
  const out = new Map<string, 'integer' | 'number'>();
  const declared = [...routePath.matchAll(/:([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
  const documented = operation.path.match(/\{([^}]+)\}/g)?.map((m) => m.slice(1, -1)) ?? [];
  declared.forEach((name, i) => {
    const parameter = operation.parameters.find(
      (p) => p.in === 'path' && (p.name === name || p.name === documented[i]),
    );
    const types = parameter && typeof parameter.schema === 'object' ? typesOf(parameter.schema) : [];
    if (types.includes('integer')) out.set(name, 'integer');
    else if (types.includes('number')) out.set(name, 'number');
  });
  return out;
}
