import { replaceRange } from '../../node/js-edits.js';
import { findNestRoute } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { ensureNestImport } from './nest-imports.js';

const ID = 'node.nest-body-param';
const WITH_BODY = new Set(['post', 'put', 'patch']);

/**
 * A NestJS handler of a POST/PUT/PATCH takes its DTO without `@Body()` (`create(dto:
 * CreateCustomerDto)`): Nest passes nothing, validation never runs, and the service reads a
 * property of undefined (a 500 on a valid request) → `@Body() dto: CreateCustomerDto`, importing
 * `Body` from @nestjs/common. Only a handler with no `@Body()` parameter and exactly one
 * undecorated parameter typed as a class named like a payload (`…Dto`, `…Input`, `…Request`, `…Body`).
 */
export const nodeNestBodyParam: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'decorate the DTO parameter of a NestJS handler with @Body()',
  evidence: { kinds: ['runtime_error', 'crash', 'status_mismatch'] },
  async *candidates({ cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const seen = new Set<string>();
    for (const endpoint of cause.endpoints) {
      const route = await findNestRoute(node, tree, endpoint);
      if (!route || !WITH_BODY.has(route.method) || route.handler.paramDecorators.includes('Body')) continue;
      const payload = (route.handler.bare ?? []).filter((p) => /(?:Dto|DTO|Input|Request|Body|Payload)$/.test(p.type));
      if (payload.length !== 1) continue;
      const key = `${route.handlerFile}:${payload[0]!.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const source = await tree.read(route.handlerFile);
      const module = (await node.modules()).get(route.handlerFile);
      if (source === null || !module) continue;
      const updated = ensureNestImport(
        replaceRange(source, payload[0]!.start, payload[0]!.start, '@Body() '),
        module,
        'Body',
      );
      await tree.write(route.handlerFile, updated);
      yield {
        key: ID,
        summary: `@Body() on the ${payload[0]!.type} parameter of ${route.handler.name} (${route.handlerFile})`,
        template: { recipe: ID },
      };
    }
  },
};
