import { indentAt, lineText, replaceRange } from '../../node/js-edits.js';
import { nestApp } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';
import { entityName, statementEnd } from './error-conventions.js';
import { dereferenced, lookupOf } from './missing-entity-404.js';
import { ensureNestImport } from './nest-imports.js';

const ID = 'node.nest-not-found';

/**
 * In a NestJS app, a lookup by one of the function's parameters (a controller's `@Param` id, or
 * the id a service was handed) found nothing and the code read a property of the result
 * (`TypeError: Cannot read properties of undefined (reading 'name')` after
 * `const site = this.sites.findOne(id)`), where the operation documents 404 → throw Nest's
 * `NotFoundException` right after the lookup (Nest answers it 404 from controllers and services
 * alike), importing it from @nestjs/common. The lookup evidence is the Express 404 template's.
 */
export const nodeNestNotFound: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'throw NotFoundException when a NestJS lookup by a parameter finds nothing and the operation documents 404',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, node: given, operation }) {
    if (!culprit || !exception || !operation?.responses.some((r) => r.status === '404')) return;
    const node = given ?? nodeProjectFor(tree);
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null || !(await nestApp(node, tree))) return;
    const chain = enclosingFunctions(module, culprit.line);
    for (const variable of dereferenced(exception.message, lineText(source, culprit.line))) {
      const found = lookupOf(chain, variable, culprit.line);
      if (!found) continue;
      const { fn, call } = found;
      // The lookup must be by what the function was handed (the path id), not by a constant.
      const argText = call.args.map((a) => a.text).join(' ');
      if (!fn.params.some((p) => new RegExp(`(?<![\\w$.])${p.replace(/\$/g, '\\$')}(?![\\w$])`).test(argText)))
        continue;
      const at = statementEnd(source, call.end);
      const guard =
        `if (!${variable}) throw new NotFoundException('${entityName(variable, operation.path)} not ` + `found');`;
      const updated = ensureNestImport(
        replaceRange(source, at, at, `\n${indentAt(source, call.start)}${guard}`),
        module,
        'NotFoundException',
      );
      await tree.write(culprit.file, updated);
      yield {
        key: ID,
        summary: `throw NotFoundException when ${variable} is not found (${culprit.file}:${call.line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
