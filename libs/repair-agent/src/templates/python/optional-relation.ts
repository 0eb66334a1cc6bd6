import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { admitsNull } from './contract-schema.js';
import { maskStrings } from './expression-text.js';
import { itemAround, responseShape } from './response-item.js';

/**
 * A found record whose optional relation is unset, read through on its way into the response:
 * `owner_name=boat.owner.full_name` raises `AttributeError: 'NoneType' object has no attribute
 * 'full_name'` for a boat with no owner → `boat.owner.full_name if boat.owner is not None else None`.
 * Evidence, all required: the None is an attribute of an object the line reached (`boat.owner`, a
 * chain of two names or more: the record itself was found; a lookup that missed is none-deref's
 * 404); the project declares that attribute optional (`relationship(...)`, `Mapped[X | None]`,
 * `Optional[X]`); the value is given to a keyword or dict key whose documented response field
 * admits null. A required field gets no candidate (its value is not ours to invent, nor an empty
 * string), and a value that is there is read exactly as before.
 */
export const pythonOptionalRelation: RepairTemplate = {
  id: 'python.optional-relation',
  language: 'python',
  summary: 'answer null for a nullable response field read through an unset optional relation',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['AttributeError'],
    culprit: true,
    contract: true,
  },
  async *candidates(context) {
    const { exception, culprit, tree, operation } = context;
    const attribute = /^'NoneType' object has no attribute '(\w+)'/.exec(exception?.message.trim() ?? '')?.[1];
    const shape = responseShape(operation);
    const source = culprit ? await tree.read(culprit.file) : null;
    if (!attribute || !culprit || !shape || source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    const optional = await optionalAttributes(context);
    const edits: { start: number; end: number; value: string; holder: string; field: string }[] = [];
    const chain = new RegExp(String.raw`(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\.${attribute}\b`, 'g');
    for (const read of masked.matchAll(chain)) {
      const holder = read[1]!;
      const item = itemAround(text, masked, read.index);
      if (!item || edits.some((e) => e.start === item.start) || !optional.has(holder.split('.').pop()!)) continue;
      const property = shape.properties[item.field];
      const value = text.slice(item.start, item.end).trim();
      if (!property || !admitsNull(property) || / if .* else /.test(value) || !balanced(maskStrings(value))) continue;
      const start = item.start + text.slice(item.start, item.end).indexOf(value);
      edits.push({ start, end: start + value.length, value, holder, field: item.field });
    }
    if (edits.length === 0) return;
    let edited = text;
    // Right to left, so the offsets of the earlier values hold.
    for (const e of [...edits].sort((a, b) => b.start - a.start))
      edited = `${edited.slice(0, e.start)}${e.value} if ${e.holder} is not None else None${edited.slice(e.end)}`;
    lines[culprit.line - 1] = edited;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.optional-relation#null',
      summary:
        `answer null for ${edits.map((e) => e.field).join(', ')} when ${edits.map((e) => e.holder).join(', ')} ` +
        `is unset, at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.optional-relation#null' },
    };
  },
};

// Class attributes the project declares optional: a relationship, or an annotation admitting None.
async function optionalAttributes({ python, tree }: TemplateContext): Promise<Set<string>> {
  const names = new Set<string>();
  const relationship = /^\s+(\w+)\s*(?::[^=]*)?=\s*relationship\(/;
  // `x: Mapped[Y | None]`, `x: Optional[Y]`, `x: "Y | None" = ...`: the annotation, up to a default or comment.
  const annotated = /^\s+(\w+)\s*:([^=#]*)/;
  const none = /\bOptional\[|\|\s*None\b|\bNone\s*\|/;
  for (const file of (await python.modules()).keys()) {
    for (const line of splitSource((await tree.read(file)) ?? '').lines) {
      const related = relationship.exec(line)?.[1];
      const typed = annotated.exec(line);
      if (related) names.add(related);
      else if (typed && none.test(typed[2]!)) names.add(typed[1]!);
    }
  }
  return names;
}

// Whether every bracket the value opens it also closes (a value cut at the line's end is not rewritten).
function balanced(masked: string): boolean {
  let depth = 0;
  for (const ch of masked) {
    depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}
