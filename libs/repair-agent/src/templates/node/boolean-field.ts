import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { successSchema, typesOf } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { documentedField } from './schema-field.js';

const ID = 'node.boolean-field';

/**
 * SQLite has no boolean: a flag stored in an `INTEGER` column comes back as `0`/`1`, and a 2xx
 * whose field the contract types `boolean` carries the number (`/hasScreen must be boolean`, the
 * body saying `"hasScreen":1`) → `Boolean(row.has_screen)` where a literal's property of that name
 * reads the column (`hasScreen: row.has_screen`), every such property of the project. Only when the
 * body holds nothing but 0 and 1 under the field, the project's SQL declares the column `INTEGER`
 * (or `BOOLEAN`), and the contract does not document the field as nullable.
 */
export const nodeBooleanField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'send a flag SQLite stores as 0/1 as the boolean the contract documents',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const schema = successSchema(operation ?? null);
    for (const field of mistypedBooleanFields(cause)) {
      const documented = documentedField(schema, field);
      if (!documented || !typesOf(documented).includes('boolean') || typesOf(documented).includes('null')) continue;
      if (documented['nullable'] === true) continue;
      const edits = await columnReads(tree, field);
      if (edits.length === 0) continue;
      for (const [file, spans] of groupByFile(edits)) {
        let updated = (await tree.read(file))!;
        for (const { start, end, text } of spans.sort((a, b) => b.start - a.start))
          updated = replaceRange(updated, start, end, `Boolean(${text})`);
        await tree.write(file, updated);
      }
      yield {
        key: ID,
        summary: `Boolean(…) for ${field}, a 0/1 column (${edits.map((e) => `${e.file}:${e.line}`).join(', ')})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// Fields the violations say must be booleans whose every value in the body is 0 or 1.
function mistypedBooleanFields(cause: {
  violations: readonly { message: string; responseExcerpt?: string }[];
}): string[] {
  const out = new Set<string>();
  for (const v of cause.violations) {
    for (const m of v.message.matchAll(/\/(?:[^\s/]+\/)*([A-Za-z_$][\w$]*) must be boolean/g)) {
      const values = [...(v.responseExcerpt ?? '').matchAll(new RegExp(`"${m[1]!}"\\s*:\\s*([^,}\\]]*)`, 'g'))].map(
        (x) => x[1]!.trim(),
      );
      if (values.length > 0 && values.every((x) => x === '0' || x === '1')) out.add(m[1]!);
    }
  }
  return [...out];
}

type Read = { file: string; start: number; end: number; text: string; line: number };

// `field: row.column` properties whose column the project's SQL declares INTEGER/BOOLEAN.
async function columnReads(tree: SourceTree, field: string): Promise<Read[]> {
  const files = await projectSourceFiles(tree);
  const sources = new Map<string, string>();
  for (const file of files) {
    const source = await tree.read(file);
    if (source !== null) sources.set(file, source);
  }
  const sql = [...sources.values()].join('\n');
  const reads: Read[] = [];
  for (const [file, source] of sources) {
    if (!source.includes(field)) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      if (node.type !== 'Property' || node['computed'] || keyName(node['key'] as EsNode) !== field) continue;
      const value = node['value'] as EsNode;
      if (value.type !== 'MemberExpression' || value['computed']) continue;
      const column = (value['property'] as EsNode)['name'] as string;
      if (!new RegExp(`\\b${column}\\s+(?:INTEGER|INT|BOOLEAN|BOOL)\\b`, 'i').test(sql)) continue;
      const [start, end] = spanOf(value);
      reads.push({ file, start, end, text: textOf(source, value), line: linesOf(node)[0] });
    }
  }
  return reads;
}

function groupByFile(reads: readonly Read[]): Map<string, Read[]> {
  const out = new Map<string, Read[]>();
  for (const read of reads) out.set(read.file, [...(out.get(read.file) ?? []), read]);
  return out;
}
