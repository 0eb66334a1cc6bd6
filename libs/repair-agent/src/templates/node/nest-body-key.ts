import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { findNestRoute } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { objectShape } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.nest-body-key';

/**
 * A NestJS handler taking `@Body('status') dto: UpdateStatusDto`: `@Body('status')` hands it the
 * one body field, a string, while its declared type is the project's DTO class whose own property
 * that field is, so `dto.status` is undefined and the handler answers 400 to a documented request
 * → `@Body()`, the whole body the type describes. Only when the request's documented 2xx arrives
 * as a 4xx, the contract documents the body as an object with that property, and the class
 * declares it.
 */
export const nodeNestBodyKey: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'pass a NestJS handler the whole body its DTO type describes, not one of its fields',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, operation }) {
    const node = given ?? nodeProjectFor(tree);
    const body = objectShape(operation?.requestBody?.schema);
    const violation = cause.violations.find(
      (v) =>
        v.actualStatus !== null && v.actualStatus >= 400 && v.actualStatus < 500 && (v.expectedStatus ?? 999) < 300,
    );
    if (!body || !violation) return;
    const route = await findNestRoute(node, tree, violation.endpoint);
    const file = route?.handlerFile;
    const source = file ? await tree.read(file) : null;
    const program = file && source !== null ? parseFile(file, source) : null;
    if (!route || !program || source === null) return;
    const method = [...walk(program)]
      .map((w) => w.node)
      .find((n) => n.type === 'MethodDefinition' && spanOf(n)[1] === route.handler.end);
    for (const param of ((method?.['value'] as EsNode | undefined)?.['params'] as EsNode[] | undefined) ?? []) {
      const annotation = (param['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
      const typeName = annotation?.type === 'TSTypeReference' ? (annotation['typeName'] as EsNode)['name'] : null;
      for (const decorator of (param['decorators'] as EsNode[] | undefined) ?? []) {
        const call = decorator['expression'] as EsNode;
        const args = (call['arguments'] as EsNode[] | undefined) ?? [];
        if ((call['callee'] as EsNode | undefined)?.['name'] !== 'Body' || args.length !== 1) continue;
        const key = args[0]!['value'];
        if (typeof key !== 'string' || typeof typeName !== 'string' || !body.properties[key]) continue;
        if (!(await classDeclares(tree, typeName, key))) continue;
        await tree.write(file!, replaceRange(source, spanOf(args[0]!)[0], spanOf(args[0]!)[1], ''));
        yield {
          key: siteKey(ID, file!, route.handler.line),
          summary:
            `@Body() for ${typeName} in ${route.controller.name}.${route.handler.name} ` +
            `(${file}:${route.handler.line}): @Body('${key}') passed the field, not the DTO`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// Whether the project declares `class name` with an own property `key`.
async function classDeclares(tree: SourceTree, name: string, key: string): Promise<boolean> {
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (!source?.includes(`class ${name}`)) continue;
    const program = parseFile(file, source);
    for (const { node } of program ? walk(program) : []) {
      if (node.type !== 'ClassDeclaration' || (node['id'] as EsNode | null)?.['name'] !== name) continue;
      const members = (node['body'] as EsNode)['body'] as EsNode[];
      return members.some((m) => m.type === 'PropertyDefinition' && keyName(m['key'] as EsNode) === key);
    }
  }
  return false;
}
