import type { ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { objectShape, typesOf } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { chainBinding } from './format-pattern.js';
import { propertyName } from './object-keys.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.zod-int-refused';

/**
 * The documented example is refused with a 4xx because the validator asks a decimal field for a
 * whole number: `lengthM: z.number().int().positive()` where the contract documents `lengthM` as
 * a `number` and its example is `10.4` → the `.int()` goes, every other check stays (a negative
 * or missing length is still refused). Evidence, all required: a 4xx where the contract expects
 * success that names the field; the contract's request body documents it as `number`, not
 * `integer`, with a fractional example; a zod chain bound to that key (`key: z.number()…int()…`)
 * in the project. A field the contract calls an integer is left alone.
 */
export const nodeZodIntRefused: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "a zod .int() that refuses the contract's decimal example of a number field → the check goes",
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const fields = decimalFields(operation, refusedViolations(cause.violations));
    if (fields.length === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      const sites = [...walk(program)].filter(
        ({ node, ancestors }) => isIntCheck(node, source) && fields.includes(chainBinding(ancestors) ?? ''),
      );
      if (sites.length === 0) continue;
      // Last edit first, so the earlier offsets hold.
      let patched = source;
      for (const { node } of [...sites].sort((a, b) => spanOf(b.node)[0] - spanOf(a.node)[0])) {
        const [, objectEnd] = spanOf((node['callee'] as EsNode)['object'] as EsNode);
        patched = patched.slice(0, objectEnd) + patched.slice(spanOf(node)[1]);
      }
      await tree.write(file, patched);
      const line = linesOf(sites[0]!.node)[0];
      yield {
        key: siteKey(ID, file, line),
        summary: `${fields.join(', ')}: a number with decimals in the contract, no .int() check (${file}:${line})`,
        template: { recipe: ID },
      };
    }
  },
};

// The body fields the refusals name that the contract documents as a number with a fractional example.
function decimalFields(operation: ApiOperation | null, refusals: readonly Violation[]): string[] {
  const body = operation?.requestBody;
  if (!body || refusals.length === 0) return [];
  const answers = refusals.map((v) => v.responseExcerpt).join('\n');
  const example = body.example && typeof body.example === 'object' ? (body.example as Record<string, unknown>) : {};
  const properties = objectShape(body.schema)?.properties ?? {};
  return Object.entries(properties)
    .filter(([field, schema]) => {
      const value = example[field] ?? schema['example'];
      const types = typesOf(schema);
      return (
        typeof value === 'number' &&
        !Number.isInteger(value) &&
        types.includes('number') &&
        !types.includes('integer') &&
        new RegExp(`\\b${field}\\b`).test(answers)
      );
    })
    .map(([field]) => field);
}

// `….int()` on a chain that starts from a zod number (`z.number()`, `z.coerce.number()`).
function isIntCheck(node: EsNode, source: string): boolean {
  if (node.type !== 'CallExpression' || (node['arguments'] as EsNode[]).length > 0) return false;
  const callee = node['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'int') return false;
  const [start, end] = spanOf(callee['object'] as EsNode);
  return /\bnumber\(\s*\)/.test(source.slice(start, end));
}
