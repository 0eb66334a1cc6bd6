import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { closestFieldName } from '../../similarity.js';
import type { SourceTree } from '../../source/source-tree.js';
import { objectShape, successSchema, typesOf } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { keyName, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { jsonTypes, parseExcerpt, schemaAt, valueAt } from './response-body.js';

const ID = 'node.misnamed-response-key';

/**
 * A 2xx whose object lacks a required field (`/byPlan/0 must have required property 'plan'`)
 * while it carries a key its schema does not document that names the field (`planName`, by
 * spelling or words: `closestFieldName`) and holds a value of the field's documented type: the
 * object literal that builds it wrote the value under the wrong key → rename that key. The body
 * says which keys the object has; the literal is the one object literal of the project with
 * exactly those keys (no spread, no computed key). Every missing field must name its own key;
 * two literals, an undocumented key of another type, or none named: nothing.
 */
export const nodeMisnamedResponseKey: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'write a response value under the documented key its literal misnames',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const schema = successSchema(operation ?? null);
    if (!schema) return;
    // key set of the misbuilt objects (sorted, joined) → field → the key that should carry it
    const renames = new Map<string, Map<string, string>>();
    for (const v of cause.violations) {
      if (v.actualStatus === null || v.actualStatus < 200 || v.actualStatus >= 300) continue;
      const body = parseExcerpt(v.responseExcerpt);
      for (const m of v.message.matchAll(/(\(body\)|\/\S*) must have required property '([^']+)'/g)) {
        const rename = misnamedKey(body, schema, m[1]!, m[2]!);
        if (rename === null) return;
        const byField = renames.get(rename.keys) ?? new Map<string, string>();
        if (byField.has(m[2]!) && byField.get(m[2]!) !== rename.key) return;
        byField.set(m[2]!, rename.key);
        renames.set(rename.keys, byField);
      }
    }
    if (renames.size === 0) return;
    const edits: Edit[] = [];
    for (const [keys, byField] of renames) {
      if (new Set(byField.values()).size !== byField.size) return;
      const found = await literalsWithKeys(tree, keys.split('\n'));
      if (found.length !== 1) return;
      for (const [field, key] of byField) {
        const property = found[0]!.properties.find((p) => keyName(p['key'] as EsNode) === key)!;
        const [start, end] = spanOf(property['shorthand'] ? property : (property['key'] as EsNode));
        edits.push({ file: found[0]!.file, start, end, text: property['shorthand'] ? `${field}: ${key}` : field });
      }
    }
    const summary: string[] = [];
    for (const file of new Set(edits.map((e) => e.file))) {
      let source = (await tree.read(file))!;
      for (const edit of edits.filter((e) => e.file === file).sort((a, b) => b.start - a.start)) {
        summary.push(
          `${source.slice(edit.start, edit.end)} → ${edit.text.split(':')[0]} (${file}:${lineAt(source, edit.start)})`,
        );
        source = replaceRange(source, edit.start, edit.end, edit.text);
      }
      await tree.write(file, source);
    }
    yield { key: ID, summary: `write the documented key: ${summary.join(', ')}`, template: { recipe: ID } };
  },
};

type Edit = { file: string; start: number; end: number; text: string };

// The undocumented key of the object at `pointer` that stands for the missing `field`, or null.
function misnamedKey(
  body: unknown,
  schema: Record<string, unknown>,
  pointer: string,
  field: string,
): { keys: string; key: string } | null {
  const object = valueAt(body, pointer);
  const shape = objectShape(schemaAt(schema, pointer));
  const documented = shape?.properties[field];
  if (!object || typeof object !== 'object' || Array.isArray(object) || !shape || !documented) return null;
  const own = Object.keys(object);
  const key = closestFieldName(
    field,
    own.filter((k) => !(k in shape.properties)),
  );
  if (!key) return null;
  const types = typesOf(documented);
  const value = (object as Record<string, unknown>)[key];
  if (types.length > 0 && !jsonTypes(value).some((t) => types.includes(t))) return null;
  return { keys: [...own].sort().join('\n'), key };
}

// The object literals of the project whose keys are exactly `keys` (no spread, no computed key).
async function literalsWithKeys(
  tree: SourceTree,
  keys: readonly string[],
): Promise<{ file: string; properties: EsNode[] }[]> {
  const out: { file: string; properties: EsNode[] }[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !keys.every((k) => source.includes(k))) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      if (node.type !== 'ObjectExpression') continue;
      const properties = node['properties'] as EsNode[];
      if (properties.some((p) => p.type !== 'Property' || p['computed'])) continue;
      const names = properties.map((p) => keyName(p['key'] as EsNode) ?? '');
      if (names.length === keys.length && [...names].sort().join('\n') === keys.join('\n'))
        out.push({ file, properties });
    }
  }
  return out;
}

function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}
