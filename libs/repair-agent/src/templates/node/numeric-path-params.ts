import { handlerNode } from './handler-node.js';
import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import type { NodeProject } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';
import { typesOf } from '../python/contract-schema.js';
import type { EsNode } from './estree.js';

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

/** A served route's handler whose endpoint answered 404, with the numeric parameters the contract documents. */
export interface NumericParamHandler {
  readonly endpoint: string;
  /** The handler's request parameter (`req`). */
  readonly request: string;
  /** The route's own names of the parameters documented as integer or number. */
  readonly numeric: ReadonlySet<string>;
  readonly file: string;
  readonly source: string;
  /** The handler function's node in `source`. */
  readonly fn: EsNode;
  /** The line the handler starts on. */
  readonly line: number;
}

/**
 * Every endpoint of a cause that answered 404, resolved to its served route's handler, when the
 * contract documents at least one of its path parameters as a number.
 */
export async function* numericParamHandlers(
  cause: RootCause,
  contract: ApiModel | null,
  project: NodeProject,
  tree: Pick<SourceTree, 'read'>,
): AsyncGenerator<NumericParamHandler> {
  for (const { endpoint, operation } of notFoundOperations(cause, contract)) {
    const route = await findJsRoute(project, endpoint);
    const handler = route?.handler;
    const request = handler?.params[0];
    if (!route?.path || !handler || !request) continue;
    const numeric = new Set(numericPathParams(route.path, operation).keys());
    const found = numeric.size > 0 ? await handlerNode(tree, route) : null;
    if (found) yield { endpoint, request, numeric, ...found, line: handler.line };
  }
}
