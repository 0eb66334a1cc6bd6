import { byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import { closestFieldName } from '../../similarity.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';
import { objectShape, successSchema } from './contract-schema.js';
import { indentOf, maskStrings, statementEnd } from './expression-text.js';

/**
 * FastAPI's `ResponseValidationError` (no frame of the app's: the response model rejected what
 * the handler returned) where the handler returns a dict literal or a constructor call that lacks
 * a required field of the documented response schema → add the field from the entity the other
 * fields come from (`owner_name` ← `project.owner`: the attribute that is the field or that the
 * field names). No candidate when any missing field has no such attribute: data is never invented.
 */
export const pythonResponseMissingField: RepairTemplate = {
  id: 'python.response-missing-field',
  language: 'python',
  summary: "fill the response model's missing required field from the entity it describes",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'], contract: true },
  async *candidates({ cause, tree, python, operation }) {
    const shape = objectShape(successSchema(operation));
    const endpoint = cause.violations[0]?.endpoint ?? cause.endpoints[0];
    const route = endpoint ? await findRoute(python, endpoint) : undefined;
    if (!shape || !route) return;
    const source = await tree.read(route.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    let changed = false;
    // Bottom-up, so earlier returns keep their line numbers.
    for (const ret of [...route.handler.returns].sort((a, b) => b.line - a.line)) {
      const end = statementEnd(lines, ret.line);
      const text = lines.slice(ret.line - 1, end).join('\n');
      const call = route.handler.calls.find((c) => c.line === ret.line && c.name === ret.call && /^\s*return\s+[\w.]+\(/.test(lines[ret.line - 1]!));
      const dict = /^\s*return\s+\{/.test(lines[ret.line - 1]!) && /\}\s*$/.test(lines[end - 1]!);
      if (!call && !dict) continue;
      const given = call ? call.keywords : dictKeys(text);
      if (call?.starKwargs.length) continue;
      const missing = shape.required.filter((f) => !given.includes(f));
      if (missing.length === 0) continue;
      const entity = await entityOf(python, text);
      if (!entity) return;
      const values: string[] = [];
      for (const field of missing) {
        const attribute = entity.members.includes(field) ? field : closestFieldName(field, entity.members);
        if (!attribute) return;
        values.push(call ? `${field}=${entity.variable}.${attribute}` : `${JSON.stringify(field)}: ${entity.variable}.${attribute}`);
      }
      const last = end - 1;
      const closeAt = call ? byteColumnToIndex(lines[call.endLine - 1]!, call.endCol) - 1 : lines[last]!.lastIndexOf('}');
      const closeLine = call ? call.endLine - 1 : last;
      const before = lines[closeLine]!.slice(0, closeAt);
      if (before.trim() === '' && closeLine > ret.line - 1) {
        // A multi-line literal: one line per added field, indented like the entries above.
        const entryIndent = indentOf(lines[closeLine - 1]!);
        if (!/,\s*$/.test(lines[closeLine - 1]!)) lines[closeLine - 1] = `${lines[closeLine - 1]!.replace(/\s*$/, '')},`;
        lines.splice(closeLine, 0, ...values.map((v) => `${entryIndent}${v},`));
      } else {
        const trimmed = before.replace(/\s*$/, '');
        const separator = /[({]$/.test(trimmed) ? '' : trimmed.endsWith(',') ? ' ' : ', ';
        lines[closeLine] = `${trimmed}${separator}${values.join(', ')}${lines[closeLine]!.slice(closeAt)}`;
      }
      changed = true;
    }
    if (!changed) return;
    await tree.write(route.file, join(lines));
    yield {
      key: 'python.response-missing-field#entity',
      summary: `fill the missing response fields of ${route.handler.name} (${endpoint}) from the entity in ${route.file}`,
      template: { recipe: 'python.response-missing-field#entity' },
    };
  },
};

// The variable most of the returned values are read from (`project` in `project.id`,
// `project.title`) and the members of the one project class that has all attributes read from it.
async function entityOf(python: PythonProject, text: string): Promise<{ variable: string; members: string[] } | null> {
  const reads = new Map<string, Set<string>>();
  for (const m of maskStrings(text).matchAll(/\b([a-z_]\w*)\.(\w+)\b/g)) {
    if (!reads.has(m[1]!)) reads.set(m[1]!, new Set());
    reads.get(m[1]!)!.add(m[2]!);
  }
  const [variable, attributes] = [...reads].sort((a, b) => b[1].size - a[1].size)[0] ?? [];
  if (!variable || !attributes) return null;
  const owners: { members: string[]; schema: boolean }[] = [];
  for (const module of (await python.modules()).values()) {
    for (const cls of module.classes) {
      const members = (await python.classMembers(cls.name)).filter((m) => !m.startsWith('_') && !cls.methods.includes(m));
      if ([...attributes].every((a) => members.includes(a))) owners.push({ members, schema: cls.bases.some((b) => /BaseModel$/.test(b ?? '')) });
    }
  }
  // An entity rather than a response schema shaped like it, when both have the attributes read.
  const entities = owners.some((o) => !o.schema) ? owners.filter((o) => !o.schema) : owners;
  return entities.length === 1 ? { variable, members: entities[0]!.members } : null;
}

// The string keys of a dict literal's entries (`"id": …`), not strings that merely contain a colon.
function dictKeys(text: string): string[] {
  const masked = maskStrings(text);
  return [...text.matchAll(/["'](\w+)["']\s*:/g)].filter((m) => /^["'] *["']/.test(masked.slice(m.index))).map((m) => m[1]!);
}
