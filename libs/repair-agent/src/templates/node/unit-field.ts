import { declaredAs } from './object-keys.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { mistypedNumberFields } from './schema-field.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.unit-field';

/**
 * A 2xx whose documented number field holds a value in another unit (`/priceCents must be
 * integer`, the literal writing `priceCents: course.price` — a member named without the unit the
 * field names) → the value converted the way the project itself converts that member to that
 * unit elsewhere (`toCents(course.price)`, a one-parameter function `to<Unit>` returning one
 * expression): its body inlined with the value for its parameter (`Math.round(course.price *
 * 100)`), so nothing has to be exported or imported. No candidate unless the project applies
 * that conversion to a member of the same name somewhere else.
 */
export const nodeUnitField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'convert a response field to the unit its name documents, as the project does elsewhere',
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree }) {
    const fields = mistypedNumberFields(cause);
    if (fields.size === 0) return;
    const programs = new Map<string, { source: string; program: EsNode }>();
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (program && source !== null) programs.set(file, { source, program });
    }
    for (const [file, { source, program }] of programs) {
      for (const { node } of walk(program)) {
        const field = node.type === 'Property' && !node['computed'] ? keyName(node['key'] as EsNode) : null;
        const value = node['value'] as EsNode | undefined;
        if (!field || !fields.has(field) || value?.type !== 'MemberExpression' || value['computed']) continue;
        const member = (value['property'] as EsNode)['name'] as string;
        const unit = field.startsWith(member) ? field.slice(member.length) : '';
        if (!/^[A-Z][a-z]+$/.test(unit)) continue;
        const body = conversionOf(programs, `to${unit}`, member);
        if (!body) continue;
        const converted = body.expression.replace(
          new RegExp(`(?<![\\w$.])${body.param}(?![\\w$])`, 'g'),
          textOf(source, value),
        );
        const [start, end] = spanOf(value);
        await tree.write(file, replaceRange(source, start, end, converted));
        yield {
          key: `${ID}#${unit.toLowerCase()}`,
          summary:
            `${field}: ${converted}, as the project converts ${member} with to${unit} ` +
            `(${file}:${linesOf(node)[0]})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

/**
 * The one-parameter function `name` of the project (`const toCents = (dollars) => …`, `function
 * toCents(d) { return …; }`) as its parameter and returned expression, when the project calls it
 * on a member named `member` somewhere (`toCents(course.price)`); else null.
 */
function conversionOf(
  programs: ReadonlyMap<string, { source: string; program: EsNode }>,
  name: string,
  member: string,
): { param: string; expression: string } | null {
  let body: { param: string; expression: string } | null = null;
  let applied = false;
  for (const { source, program } of programs.values()) {
    for (const { node } of walk(program)) {
      if (node.type === 'CallExpression' && pathOf(node['callee'] as EsNode) === name) {
        const [arg] = node['arguments'] as EsNode[];
        if (arg && pathOf(arg)?.endsWith(`.${member}`)) applied = true;
      }
      const fn = declaredAs(node, name);
      if (!fn || !/Function|Arrow/.test(fn.type)) continue;
      const params = fn['params'] as EsNode[];
      const returned = returnedExpression(fn['body'] as EsNode);
      if (params.length !== 1 || params[0]!.type !== 'Identifier' || !returned) return null;
      if (body) return null;
      body = { param: params[0]!['name'] as string, expression: textOf(source, returned) };
    }
  }
  return applied ? body : null;
}

// `=> expr`, or a body that is one `return expr;`.
function returnedExpression(body: EsNode): EsNode | null {
  if (body.type !== 'BlockStatement') return body;
  const statements = body['body'] as EsNode[];
  return statements.length === 1 && statements[0]!.type === 'ReturnStatement'
    ? ((statements[0]!['argument'] as EsNode | null) ?? null)
    : null;
}
