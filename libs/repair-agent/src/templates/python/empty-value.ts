import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { CulpritLocation } from '../../recipes/recipe.js';
import { closestFieldName } from '../../similarity.js';
import type { TemplateContext } from '../template.js';
import { admitsNull, objectShape, successSchema, typesOf } from './contract-schema.js';

/**
 * What an aggregate over an empty collection should be, best first, for the response field the
 * culprit line feeds: `0` (`0.0`, `Decimal(0)`, matching its type) for a required number, only
 * `None` for a nullable one (the contract's way to say "no value": a made-up 0 average would be
 * a wrong answer with a 200), the zero then `None` when the field is not found, nothing for a
 * required field that is no number. The field
 * is the one the line's assignment flows into, or the dict key / keyword before index `at`; for
 * `totals[key] = …`, the entry schema of the field `totals` flows into.
 */
export async function emptyValues(
  { python, operation }: Pick<TemplateContext, 'python' | 'operation'>,
  culprit: CulpritLocation,
  source: string,
  at: number,
  decimal: boolean,
): Promise<string[]> {
  const text = splitSource(source).lines[culprit.line - 1] ?? '';
  const fn = await python.functionAt(culprit.file, culprit.line);
  const name = target(text, at);
  const field = fieldSchema(operation, [name, ...(fn ? flowsInto(source, culprit.line, fn.endLine, name) : [])]);
  // `totals[key] = …`: the value is one entry of the field (a map's value, a list's item).
  const entry = field && /^\s*\w+\s*\[/.test(text) ? (field['additionalProperties'] ?? field['items']) : null;
  const property = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : field;
  const zero = decimal
    ? 'Decimal(0)'
    : property && typesOf(property).includes('integer') && !typesOf(property).includes('number')
      ? '0'
      : '0.0';
  if (!property) return [zero, 'None'];
  // A field that is no number (a date, a name) has no zero: None only where it is nullable.
  // A Decimal is documented as a string by pydantic's JSON mode (`"type": "string", "pattern": …`): still a number.
  const numeric =
    decimal || typesOf(property).some((t) => t === 'number' || t === 'integer') || typesOf(property).length === 0;
  if (!numeric) return admitsNull(property) ? ['None'] : [];
  return admitsNull(property) ? ['None'] : [zero];
}

/** The file's new source, importing Decimal when the value needs it and the file has none. */
export async function withDecimal(
  python: TemplateContext['python'],
  file: string,
  source: string,
  value: string,
): Promise<string> {
  const module = (await python.modules()).get(file);
  const bound = !module || module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === 'Decimal'));
  return value.startsWith('Decimal') && !bound ? addFromImport(source, module, 'decimal', 'Decimal') : source;
}

// The name the line assigns (or assigns an entry of), or the last dict key / keyword before the expression at `at`.
function target(text: string, at: number): string {
  const assigned = /^\s*(\w+)\s*(?::[^=]+|\[[^=]*\]\s*)?=(?!=)/.exec(text)?.[1];
  if (assigned) return assigned;
  const keys = [...text.slice(0, at).matchAll(/["'](\w+)["']\s*:|\b(\w+)=(?!=)/g)];
  const last = keys.at(-1);
  return last ? (last[1] ?? last[2])! : '';
}

// The response fields a variable is later put into (`"average_estimate": average`, `average_estimate=average`).
function flowsInto(source: string, from: number, to: number, variable: string): string[] {
  if (!variable) return [];
  const body = splitSource(source).lines.slice(from, to).join('\n');
  return [...body.matchAll(new RegExp(`["'](\\w+)["']\\s*:\\s*${variable}\\b|\\b(\\w+)=${variable}\\b`, 'g'))].map(
    (m) => (m[1] ?? m[2])!,
  );
}

// The documented property of the success response one of the names stands for: a field of the
// response object, of its items (a list response), or of an object or list one of its fields holds
// (`{"items": [...]}`); an exact name anywhere before a close one.
function fieldSchema(
  operation: Parameters<typeof successSchema>[0],
  names: readonly string[],
): Record<string, unknown> | null {
  const shapes = responseShapes(successSchema(operation));
  const wanted = [...names].reverse().filter(Boolean);
  for (const name of wanted) for (const shape of shapes) if (name in shape.properties) return shape.properties[name]!;
  for (const name of wanted)
    for (const shape of shapes) {
      const field = closestFieldName(name, Object.keys(shape.properties));
      if (field) return shape.properties[field]!;
    }
  return null;
}

type Shape = NonNullable<ReturnType<typeof objectShape>>;

function responseShapes(schema: Record<string, unknown> | null): Shape[] {
  const top = objectShape(schema) ?? objectShape(itemsOf(schema));
  if (!top) return [];
  const nested = Object.values(top.properties).flatMap((p) => {
    const shape = objectShape(p) ?? objectShape(itemsOf(p));
    return shape ? [shape] : [];
  });
  return [top, ...nested];
}

function itemsOf(schema: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  const items = schema?.['items'];
  return items && typeof items === 'object' ? (items as Record<string, unknown>) : null;
}
