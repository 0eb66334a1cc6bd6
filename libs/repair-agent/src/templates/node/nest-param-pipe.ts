import { replaceRange } from '../../node/js-edits.js';
import { findNestRoute } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { ensureNestImport } from './nest-imports.js';
import { parseFile, spanOf, walk, type EsNode } from './estree.js';
import { notFoundOperations, numericPathParams } from './numeric-path-params.js';

const ID = 'node.nest-param-pipe';

/**
 * A route parameter reaches a NestJS handler as a string whatever its declared type: a handler
 * taking `@Param('id') id: number` without a pipe looks a numeric id up as text, misses the record
 * and answers its own 404 for one that exists → `@Param('id', ParseIntPipe)` (`ParseFloatPipe` for a
 * `number`), only when the contract documents that path parameter as an integer (number) and the
 * parameter is declared `number`. A parameter declared `string`, or one already given a pipe, is
 * left alone.
 */
export const nodeNestParamPipe: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'convert a numeric NestJS route parameter with ParseIntPipe before the handler looks it up',
  evidence: { kinds: ['route_missing', 'status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, contract }) {
    const node = given ?? nodeProjectFor(tree);
    for (const { endpoint, operation } of notFoundOperations(cause, contract)) {
      const route = await findNestRoute(node, tree, endpoint);
      if (!route?.path) continue;
      const pipes = new Map(
        [...numericPathParams(route.path, operation)].map(([name, type]) => [
          name,
          type === 'integer' ? 'ParseIntPipe' : 'ParseFloatPipe',
        ]),
      );
      const file = route.handlerFile;
      const source = await tree.read(file);
      const module = (await node.modules()).get(file);
      const program = source === null ? null : parseFile(file, source);
      if (pipes.size === 0 || !program || !module || source === null) continue;
      const paramNames = new Set(
        module.imports
          .filter((i) => i.source === '@nestjs/common')
          .flatMap((i) => i.names.filter((n) => n.imported === 'Param').map((n) => n.local)),
      );
      const method = [...walk(program)]
        .map((w) => w.node)
        .find(
          (n) =>
            n.type === 'MethodDefinition' &&
            spanOf(n)[1] === route.handler.end &&
            (n['key'] as EsNode)['name'] === route.handler.name,
        );
      const params = ((method?.['value'] as EsNode | undefined)?.['params'] as EsNode[] | undefined) ?? [];
      const edits: { at: number; pipe: string; name: string }[] = [];
      for (const param of params) {
        const target = param.type === 'TSParameterProperty' ? (param['parameter'] as EsNode) : param;
        const annotation = (target['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
        if (annotation?.type !== 'TSNumberKeyword') continue;
        for (const decorator of (target['decorators'] as EsNode[] | undefined) ?? []) {
          const call = decorator['expression'] as EsNode;
          const callee = call.type === 'CallExpression' ? (call['callee'] as EsNode) : null;
          const args = (call['arguments'] as EsNode[] | undefined) ?? [];
          if (callee?.type !== 'Identifier' || !paramNames.has(callee['name'] as string) || args.length !== 1) continue;
          const name = args[0]!['value'];
          const pipe = typeof name === 'string' ? pipes.get(name) : undefined;
          if (pipe && typeof name === 'string') edits.push({ at: spanOf(args[0]!)[1], pipe, name });
        }
      }
      if (edits.length === 0) continue;
      let updated = source;
      for (const edit of [...edits].sort((a, b) => b.at - a.at))
        updated = replaceRange(updated, edit.at, edit.at, `, ${edit.pipe}`);
      for (const pipe of new Set(edits.map((e) => e.pipe))) updated = ensureNestImport(updated, module, pipe);
      await tree.write(file, updated);
      const what = edits.map((e) => `@Param('${e.name}', ${e.pipe})`).join(', ');
      yield {
        key: ID,
        summary:
          `${what} in ${route.controller.name}.${route.handler.name} (${file}:${route.handler.line}): the ` +
          `route parameter arrives as a string`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
