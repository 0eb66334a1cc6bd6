import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { objectShape } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.zod-json-date';
// zod 3 (`Expected date, received string`) and 4 (`Invalid input: expected date, received string`).
const REFUSED = /expected date, received string/i;

/**
 * A valid request refused 4xx by zod with `Expected date, received string` for a field (`scheduledAt`):
 * the schema says `scheduledAt: z.date()`, which takes only Date objects, and JSON carries dates
 * as strings → `z.coerce.date()`, which parses the string and still refuses one that is no date.
 * Where the contract documents the field as `format: date`, a Date would go back out as a
 * date-time (`2026-12-01T00:00:00.000Z`): the field stays the text it was sent as, checked as a
 * date by the file's own date-string schema (`const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)`)
 * or by that regex, and `z.coerce.date()` comes after. Only an object-schema property named as a
 * field the refusal names, whose value is a `z.date()` chain (its other checks kept with the
 * coercion). A refusal that names no such field: no candidate.
 */
export const nodeZodJsonDate: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'parse a JSON date string with z.coerce.date() where the schema takes only Date objects',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, operation }) {
    const documented = objectShape(operation?.requestBody?.schema)?.properties ?? {};
    const bodies = cause.violations
      .filter((v) => v.actualStatus !== null && v.actualStatus >= 400 && v.actualStatus < 500)
      .map((v) => v.responseExcerpt)
      .filter((b) => REFUSED.test(b));
    if (bodies.length === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !/\bz\.date\(\)/.test(source)) continue;
      const program = parseFile(file, source);
      for (const { node } of program ? walk(program) : []) {
        if (node.type !== 'Property') continue;
        const name = keyName(node['key'] as EsNode);
        const call = name ? innerDate(node['value'] as EsNode) : null;
        if (!name || !call || !bodies.some((b) => new RegExp(`["'\\s.]${name}["'\\s,:]`).test(b))) continue;
        const [start, end] = spanOf(call);
        const line = linesOf(node)[0];
        const day = (documented[name] as { format?: unknown } | undefined)?.format === 'date';
        if (day) {
          // The whole chain: `z.date().min(…)` has no meaning on text.
          const [from, to] = spanOf(node['value'] as EsNode);
          const text = dateStringSchema(program!, source) ?? DAY_TEXT;
          await tree.write(file, replaceRange(source, from, to, text));
          yield {
            key: siteKey(`${ID}#day`, file, line),
            summary: `${name}: ${text}, the documented date as the text JSON sends (${file}:${line})`,
            template: { recipe: `${ID}#day` },
          };
        }
        await tree.write(file, replaceRange(source, start, end, 'z.coerce.date()'));
        yield {
          key: siteKey(ID, file, line),
          summary: `${name}: z.coerce.date(), which reads the date JSON sends as text (${file}:${line})`,
          template: { recipe: ID },
        };
      }
    }
  },
};

const DAY_TEXT = 'z.string().regex(/^\\d{4}-\\d{2}-\\d{2}$/)';
const DAY_PATTERN = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;

// A top-level `const isoDate = z.string()….regex(/…\d{4}-\d{2}-\d{2}…/…)` (or `.date()`) of the file: its name.
function dateStringSchema(program: EsNode, source: string): string | null {
  for (const statement of program['body'] as EsNode[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement['declaration'] as EsNode) : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const d of declaration['declarations'] as EsNode[]) {
      const id = d['id'] as EsNode;
      const init = d['init'] as EsNode | null;
      if (id.type !== 'Identifier' || !init) continue;
      const text = source.slice(...spanOf(init));
      if (/^z\s*\.\s*string\(\)/.test(text) && (DAY_PATTERN.test(text) || /\.date\(\)/.test(text)))
        return id['name'] as string;
    }
  }
  return null;
}

// The `z.date()` call at the root of a chain (`z.date().min(…)`), or null.
function innerDate(value: EsNode): EsNode | null {
  let node: EsNode | undefined = value;
  while (node?.type === 'CallExpression') {
    const callee = node['callee'] as EsNode;
    if (callee.type !== 'MemberExpression') return null;
    const object = callee['object'] as EsNode;
    if (object.type === 'Identifier' && object['name'] === 'z' && keyName(callee['property'] as EsNode) === 'date')
      return (node['arguments'] as EsNode[]).length === 0 ? node : null;
    node = object;
  }
  return null;
}
