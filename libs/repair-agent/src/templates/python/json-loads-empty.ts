import type { JsonSchema } from '@smoke-repair/smoke-validator';
import { splitSource } from '../../python/python-edits.js';
import { closestFieldName } from '../../similarity.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { admitsNull, objectShape, successSchema, typesOf } from './contract-schema.js';
import { maskStrings } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

// json's messages for an empty (or blank) text, and for a NULL column handed to loads.
const EMPTY_TEXT = /^Expecting value: line 1 column 1 \(char 0\)$/;
const NO_TEXT = /^the JSON object must be str, bytes or bytearray, not NoneType$/;
const EXCEPTIONS = ['JSONDecodeError', 'json.JSONDecodeError', 'json.decoder.JSONDecodeError', 'TypeError'];

/**
 * Stored JSON text that is empty or NULL (a legacy row, an import) parsed with
 * `json.loads(pet.allergies_json)` raises `JSONDecodeError: Expecting value: line 1 column 1 (char
 * 0)` (or `TypeError … not NoneType`) → `json.loads(x) if x else <empty>`, where the empty value is
 * the one the documented response field it feeds allows: `[]` for an array, `{}` for an object,
 * `None` (first) where the field is nullable. Text that is there is parsed exactly as before, and
 * malformed text still fails. Only a stored value (a name or attribute chain) whose field the
 * response schema documents; no field found, no candidate.
 */
export const pythonJsonLoadsEmpty: RepairTemplate = {
  id: 'python.json-loads-empty',
  language: 'python',
  summary: 'read empty stored JSON text as the empty value its documented response field allows',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: EXCEPTIONS,
    culprit: true,
    contract: true,
  },
  async *candidates(context) {
    const { exception, culprit, tree, operation } = context;
    if (!exception || !culprit) return;
    const message = exception.message.trim();
    if (exception.type === 'TypeError' ? !NO_TEXT.test(message) : !EMPTY_TEXT.test(message)) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    const calls = [...masked.matchAll(/(?<![\w.])((?:json\.)?loads)\(\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\)/g)];
    for (const call of calls) {
      const field =
        fieldBefore(text, call.index, operation) ??
        (/^\s*return\s+$/.test(masked.slice(0, call.index)) ? await fieldOfCaller(context, operation) : null);
      if (!field) continue;
      for (const value of emptyFor(field)) {
        const current = await tree.read(culprit.file);
        if (current === null) return;
        const { lines, join } = splitSource(current);
        const line = lines[culprit.line - 1]!;
        const end = call.index + call[0].length;
        const guarded = `${call[0]} if ${call[2]} else ${value}`;
        const whole =
          /(?:^\s*return|[:=(,]|^\s*\w+\s*=)\s*$/.test(line.slice(0, call.index)) &&
          /^\s*(?:[,)}\]]|$)/.test(masked.slice(end));
        lines[culprit.line - 1] = `${line.slice(0, call.index)}${whole ? guarded : `(${guarded})`}${line.slice(end)}`;
        await tree.write(culprit.file, join(lines));
        const key = value === 'None' ? 'none' : 'empty';
        yield {
          key: `python.json-loads-empty#${key}`,
          summary: `read an empty ${call[2]} as ${value} at ${culprit.file}:${culprit.line}`,
          template: { recipe: `python.json-loads-empty#${key}`, value },
        };
      }
    }
  },
};

// The documented response property the call feeds: the dict key or keyword just before it (a
// list endpoint's items count), else the name the line assigns.
function fieldBefore(
  text: string,
  at: number,
  operation: Parameters<typeof successSchema>[0],
): Record<string, unknown> | null {
  const schema = successSchema(operation);
  const shape = objectShape(schema) ?? objectShape((schema?.['items'] as JsonSchema | undefined) ?? null);
  if (!shape) return null;
  const keys = [...text.slice(0, at).matchAll(/["'](\w+)["']\s*:\s*$|\b(\w+)\s*=\s*$/g)];
  const name = keys.length > 0 ? (keys[0]![1] ?? keys[0]![2])! : '';
  if (!name) return null;
  const field = name in shape.properties ? name : closestFieldName(name, Object.keys(shape.properties));
  return field ? shape.properties[field]! : null;
}

// A helper that returns the parsed text (`def load_tags(raw): return json.loads(raw)`) feeds the
// field its caller, the next frame out of the trace, passes its result to (`tags=load_tags(p.tags)`).
async function fieldOfCaller(
  context: TemplateContext,
  operation: Parameters<typeof successSchema>[0],
): Promise<Record<string, unknown> | null> {
  const frames = await requestFrames(context);
  const own = frames.findIndex(
    (f) =>
      f.file === context.culprit!.file && f.fn.line <= context.culprit!.line && context.culprit!.line <= f.fn.endLine,
  );
  const caller = own >= 0 ? frames[own + 1] : undefined;
  if (!caller) return null;
  const text = splitSource((await context.tree.read(caller.file)) ?? '').lines[caller.line - 1] ?? '';
  const masked = maskStrings(text).slice(0, codeEnd(text));
  const at = [...masked.matchAll(new RegExp(`(?<![\\w.])(?:\\w+\\.)*${frames[own]!.fn.name}\\(`, 'g'))];
  return at.length === 1 ? fieldBefore(text, at[0]!.index, operation) : null;
}

// The empty values a property allows, best first.
function emptyFor(property: Record<string, unknown>): string[] {
  const types = typesOf(property);
  const empty = types.includes('array') ? '[]' : types.includes('object') ? '{}' : null;
  if (admitsNull(property)) return empty ? ['None', empty] : ['None'];
  return empty ? [empty] : [];
}
