import { indentAt, replaceRange } from '../../node/js-edits.js';
import type { ApiModel } from '@smoke-repair/smoke-validator';
import { routeShape } from '../../node/js-routes.js';
import { findNestRoute, nestApp, type NestRoute } from '../../node/nest-routes.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { ensureNestImport } from './nest-imports.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.nest-http-code';

// Nest's HttpStatus names of the success codes an operation documents.
const HTTP_STATUS: Record<number, string> = {
  200: 'OK',
  201: 'CREATED',
  202: 'ACCEPTED',
  203: 'NON_AUTHORITATIVE_INFORMATION',
  204: 'NO_CONTENT',
  205: 'RESET_CONTENT',
  206: 'PARTIAL_CONTENT',
};
// Parameter decorators that hand the handler the response: it answers itself and `@HttpCode` does not apply.
const ANSWERS_ITSELF = new Set(['Res', 'Response', 'Next']);

/**
 * A NestJS handler sends a success status other than the documented one (Nest's defaults: 201
 * for POST, 200 otherwise; a DELETE documented 204 answers 200) → set `@HttpCode(HttpStatus.X)`
 * on the handler (or fix the one it has), importing what it needs from @nestjs/common. A handler a
 * controller inherits from a base class is fixed in the base, only when every served route of that
 * handler (other subclasses too) documents the same success status.
 */
export const nodeNestHttpCode: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'set the documented success status with @HttpCode on the NestJS handler',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, node: given, contract }) {
    const violation = cause.violations[0];
    const expected = violation?.expectedStatus;
    const actual = violation?.actualStatus;
    if (!violation || !expected || !actual || expected < 200 || expected >= 300 || actual < 200 || actual >= 300)
      return;
    const node = given ?? nodeProjectFor(tree);
    const route = await findNestRoute(node, tree, violation.endpoint);
    if (!route || route.handler.paramDecorators.some((d) => ANSWERS_ITSELF.has(d))) return;
    if (route.handlerFile !== route.file && !(await sharersAgree(node, tree, route, expected, contract))) return;
    const file = route.handlerFile;
    const source = await tree.read(file);
    const module = (await node.modules()).get(file);
    if (source === null || !module) return;
    const name = HTTP_STATUS[expected];
    const code = name ? `HttpStatus.${name}` : String(expected);
    const present = route.handler.httpCode;
    let updated: string;
    if (present) {
      if (present.text === String(actual) || present.text === `HttpStatus.${HTTP_STATUS[actual]}`) {
        // Keep the file's spelling: a number stays a number.
        const text = /^\d+$/.test(present.text) ? String(expected) : code;
        updated = replaceRange(source, present.start, present.end, text);
      } else return;
    } else {
      const { end } = route.handler.routeDecorator;
      updated = replaceRange(source, end, end, `\n${indentAt(source, end)}@HttpCode(${code})`);
      updated = ensureNestImport(updated, module, 'HttpCode');
    }
    if (name && updated.includes(`HttpStatus.${name}`)) updated = ensureNestImport(updated, module, 'HttpStatus');
    await tree.write(file, updated);
    yield {
      key: ID,
      summary:
        `answer ${expected} from ${route.controller.name}.${route.handler.name} with @HttpCode(${code}) ` +
        `(${file}:${route.handler.line})`,
      template: { recipe: ID, expected },
    };
  },
};

// Every served route of the same inherited handler documents `expected` as its one success status.
async function sharersAgree(
  node: NodeProject,
  tree: SourceTree,
  route: NestRoute,
  expected: number,
  contract: ApiModel | null,
): Promise<boolean> {
  const app = await nestApp(node, tree);
  const sharers = (app?.routes ?? []).filter(
    (r) => r.path !== null && r.handlerFile === route.handlerFile && r.handler.start === route.handler.start,
  );
  return sharers.every((r) => {
    const op = contract?.operations.find(
      (o) => o.method.toLowerCase() === r.method && routeShape(o.path) === routeShape(r.path!),
    );
    const successes = op?.responses.filter((x) => /^2\d\d$/.test(x.status)).map((x) => Number(x.status)) ?? [];
    return successes.length === 1 && successes[0] === expected;
  });
}
