import { projectSourceFiles } from '../../node/project-source-files.js';
import { indentAt, replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { successSchema, typesOf } from '../python/contract-schema.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { documentedField } from './schema-field.js';
import { storedAsArray } from './stored-array.js';

const ID = 'node.stored-list';

/**
 * A stored list read with `JSON.parse` meets a value kept as comma-separated text (a legacy or
 * seeded row: `SyntaxError: Unexpected token 'h', "history, geography" is not valid JSON`) →
 * read text that is no JSON list as its items before the parse (`if (typeof raw === 'string' &&
 * !raw.trimStart().startsWith('[')) return raw.split(',')…`; a broken JSON list still throws:
 * nothing is caught). Only for a function that returns the parse and whose result
 * fills a field the response documents as an array of strings (`tags: parseTags(row.tags)`), and
 * only when the offending text is no broken JSON (it does not start with `[`, `{` or `"`): the
 * items are kept, nothing is dropped, and JSON that does parse is read as before. A value the
 * project's data files keep as a JSON array (the refused text is that array joined) is already
 * the list: `Array.isArray(x) ? x : JSON.parse(x)` (#stored-array). Request data is
 * node.json-parse-guard's (the request is refused); anything else gets no candidate.
 */
export const nodeStoredList: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a stored list kept as comma-separated text (not JSON) as its items',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['SyntaxError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const text = /, "(.*)"(?:\.\.\.)? is not valid JSON/s.exec(exception?.message ?? '')?.[1];
    if (!culprit || text === undefined || /^\s*[[{"]/.test(text) || !text.includes(',')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    // `tags: JSON.parse(row.tags)` on the failing line: the literal's key is the field it fills.
    const inline = [...walk(program)].find(
      ({ node, ancestors }) =>
        isParse(node) && linesOf(node)[0] === culprit.line && isFieldValue(node, ancestors.at(-1)),
    );
    if (inline) {
      const arg = (inline.node['arguments'] as EsNode[])[0]!;
      const field = keyName(inline.ancestors.at(-1)!['key'] as EsNode);
      if (
        pathOf(arg) === null ||
        !field ||
        !stringArray(successSchema(operation), field) ||
        readsRequest(source, inline.node)
      )
        return;
      const refused = /, "(.*?)"(?:\.\.\.)? is not valid JSON/s.exec(exception?.message ?? '')?.[1] ?? '';
      const text = source.slice(...spanOf(arg));
      const [start, end] = spanOf(inline.node);
      // The project stores this key as JSON arrays, and the refused text is one joined: already the list.
      if (await storedAsArray(tree, text.split('.').at(-1)!, refused)) {
        await tree.write(
          culprit.file,
          replaceRange(source, start, end, `Array.isArray(${text}) ? ${text} : ${source.slice(start, end)}`),
        );
        yield {
          key: `${ID}#stored-array`,
          summary: `use ${text} as it is when it is already a list (${culprit.file}:${culprit.line})`,
          template: { recipe: ID, mode: 'stored-array' },
        };
        return;
      }
      const items = `${text}.split(',').map((item) => item.trim()).filter(Boolean)`;
      await tree.write(
        culprit.file,
        replaceRange(
          source,
          start,
          end,
          `typeof ${text} === 'string' && !${text}.trimStart().startsWith('[') ? ${items} ` +
            `: ${source.slice(start, end)}`,
        ),
      );
      yield {
        key: `${ID}#inline`,
        summary: `read ${text} as comma-separated items when it is not JSON (${culprit.file}:${culprit.line})`,
        template: { recipe: ID, mode: 'inline' },
      };
      return;
    }
    // `return JSON.parse(x);` on the failing line, the whole return of a named function.
    const found = [...walk(program)].find(
      ({ node }) =>
        node.type === 'ReturnStatement' &&
        linesOf(node)[0] === culprit.line &&
        isParse(node['argument'] as EsNode | null),
    );
    const fn = found ? [...found.ancestors].reverse().find(isFunction) : undefined;
    const name = fn ? functionName(fn, found!.ancestors) : null;
    if (!found || !name || readsRequest(source, found.node)) return;
    const fields = await fieldsFilledBy(tree, name);
    const schema = successSchema(operation);
    if (!fields.some((f) => stringArray(schema, f))) return;
    const statement = found.node;
    const [start, end] = spanOf(statement);
    const indent = indentAt(source, start);
    const arg = source.slice(...spanOf(((statement['argument'] as EsNode)['arguments'] as EsNode[])[0]!));
    const unit = '  ';
    if (pathOf(((statement['argument'] as EsNode)['arguments'] as EsNode[])[0]!) === null) return;
    // Text that is no JSON list is read as items before the parse; broken JSON still throws.
    const block = [
      `if (typeof ${arg} === 'string' && !${arg}.trimStart().startsWith('[')) {`,
      `${indent}${unit}// Kept as comma-separated text, not a JSON list: its items.`,
      `${indent}${unit}return ${arg}`,
      `${indent}${unit}${unit}.split(',')`,
      `${indent}${unit}${unit}.map((item) => item.trim())`,
      `${indent}${unit}${unit}.filter(Boolean);`,
      `${indent}}`,
      `${indent}${source.slice(start, end)}`,
    ].join('\n');
    await tree.write(culprit.file, replaceRange(source, start, end, block));
    yield {
      key: ID,
      summary: `read ${arg} as comma-separated items when it is not JSON (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

// Request data is node.json-parse-guard's: the request is refused, not read as a list.
function readsRequest(source: string, node: EsNode): boolean {
  return /\breq(uest)?\.(body|query|headers|params)\b/.test(source.slice(...spanOf(node)));
}

// The value of a literal's plain key (`{ tags: JSON.parse(row.tags) }`).
function isFieldValue(node: EsNode, parent: EsNode | undefined): boolean {
  return parent?.type === 'Property' && !parent['computed'] && parent['value'] === node;
}

function isParse(node: EsNode | null): boolean {
  return (
    node?.type === 'CallExpression' &&
    pathOf(node['callee'] as EsNode) === 'JSON.parse' &&
    (node['arguments'] as EsNode[]).length === 1
  );
}

// `function parseTags(raw)`, `const parseTags = (raw) => …`.
function functionName(fn: EsNode, ancestors: readonly EsNode[]): string | null {
  const id = fn['id'] as EsNode | null | undefined;
  if (id?.type === 'Identifier') return id['name'] as string;
  const parent = ancestors[ancestors.indexOf(fn) - 1];
  const declared = parent?.type === 'VariableDeclarator' ? (parent['id'] as EsNode) : undefined;
  return declared?.type === 'Identifier' ? (declared['name'] as string) : null;
}

// The object keys the function's result fills anywhere in the project (`tags: parseTags(row.tags)`).
async function fieldsFilledBy(
  tree: { list(): Promise<string[]>; read(p: string): Promise<string | null> },
  name: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !source.includes(name)) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      if (node.type !== 'Property' || node['computed']) continue;
      const value = node['value'] as EsNode;
      const key = node['key'] as EsNode;
      if (
        value.type === 'CallExpression' &&
        pathOf(value['callee'] as EsNode)
          ?.split('.')
          .at(-1) === name &&
        key.type === 'Identifier'
      )
        out.push(key['name'] as string);
    }
  }
  return out;
}

// Whether the schema documents `field` (at any depth) as an array of strings.
function stringArray(schema: unknown, field: string): boolean {
  const own = documentedField(schema, field);
  return (
    !!own &&
    typesOf(own).includes('array') &&
    typeof own['items'] === 'object' &&
    typesOf(own['items'] as Record<string, unknown>).includes('string')
  );
}
