import type { ApiModel, JsonSchema } from '@smoke-repair/smoke-validator';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { parseFile, walk, type EsNode } from './estree.js';

/**
 * The closed sets of string values an app documents: each string `enum` of the contract, the
 * property names of each contract object of two or more properties, and each project array
 * literal of two or more strings (`const STATUSES = ['open', 'closed']`). Duplicates dropped.
 */
export async function documentedKeySets(contract: ApiModel | null, tree: SourceTree): Promise<string[][]> {
  const sets = new Map<string, string[]>();
  const add = (values: string[]) => {
    if (values.length >= 2) sets.set([...values].sort().join('\n'), values);
  };
  const seen = new Set<object>();
  const visit = (schema: unknown): void => {
    if (typeof schema !== 'object' || schema === null || seen.has(schema)) return;
    seen.add(schema);
    const s = schema as Record<string, unknown>;
    const values = s['enum'];
    if (Array.isArray(values) && values.every((v) => typeof v === 'string')) add(values as string[]);
    const properties = s['properties'];
    if (typeof properties === 'object' && properties !== null) add(Object.keys(properties));
    for (const value of Object.values(s)) visit(value);
  };
  for (const op of contract?.operations ?? []) {
    const schemas: JsonSchema[] = [
      ...op.parameters.map((p) => p.schema),
      ...(op.requestBody ? [op.requestBody.schema] : []),
      ...op.responses.flatMap((r) => (r.schema === undefined ? [] : [r.schema])),
    ];
    schemas.forEach(visit);
  }
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    for (const { node } of program ? walk(program) : []) {
      const elements = node.type === 'ArrayExpression' ? (node['elements'] as (EsNode | null)[]) : [];
      if (elements.length > 0 && elements.every((e) => e?.type === 'Literal' && typeof e['value'] === 'string'))
        add(elements.map((e) => e!['value'] as string));
    }
  }
  return [...sets.values()];
}
