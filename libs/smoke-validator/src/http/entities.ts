/**
 * Ids out of responses: the entity a create returned (or the first element of a listing), and
 * the value a consumer's field or parameter wants from it (`product_id` → `id`).
 */
import { idBase } from './generate/resources.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const WRAPPERS = ['data', 'item', 'result', 'resource', 'entity', 'object'];

/** The created entity in a create response (unwrapping `{ data: {...} }`-style envelopes). */
export function entityFromCreate(body: unknown, locationHeader?: string): Obj | undefined {
  if (isObj(body)) {
    for (const key of WRAPPERS) if (isObj(body[key]) && Object.keys(body).length <= 3) return body[key];
    return body;
  }
  if ((typeof body === 'string' || typeof body === 'number') && String(body).length > 0) return { id: body };
  if (locationHeader) {
    const last = locationHeader.split('?')[0]!.split('/').filter(Boolean).pop();
    if (last) return { id: decodeURIComponent(last) };
  }
  return undefined;
}

/** The first element of a listing: a top-level array, or the first array property of an envelope. */
export function entityFromList(body: unknown): Obj | undefined {
  const first = (list: unknown[]) => list.find(isObj);
  if (Array.isArray(body)) return first(body);
  if (isObj(body)) {
    for (const key of ['items', 'data', 'results', 'records', 'content', 'entries', 'rows']) {
      const v = body[key];
      if (Array.isArray(v)) return first(v);
      if (isObj(v)) for (const inner of Object.values(v)) if (Array.isArray(inner)) return first(inner);
    }
    for (const v of Object.values(body)) if (Array.isArray(v)) return first(v);
  }
  return undefined;
}

/** The value `field` (a parameter or body field name) wants from `entity`, or undefined. */
export function idFor(entity: Obj, field: string): unknown {
  const usable = (v: unknown) => (typeof v === 'string' && v !== '') || typeof v === 'number';
  const camel = field.replace(/[_-](\w)/g, (_m, c: string) => c.toUpperCase());
  const snake = field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  for (const key of [field, camel, snake, 'id', '_id', 'uuid', 'ID', 'Id']) if (usable(entity[key])) return entity[key];
  const base = idBase(field)?.toLowerCase();
  const keys = Object.keys(entity).filter((k) => usable(entity[k]));
  return (
    entity[
      keys.find(
        (k) =>
          base &&
          k
            .toLowerCase()
            .replace(/[^a-z0-9]/g, '')
            .startsWith(base.replace(/[^a-z0-9]/g, '')) &&
          /id$/i.test(k),
      ) ?? ''
    ] ??
    entity[keys.find((k) => /(^|_|[a-z])(id|Id|uuid)$/.test(k)) ?? ''] ??
    (usable(entity[field.replace(/s$/, '')]) ? entity[field.replace(/s$/, '')] : undefined)
  );
}

/** Reads a dotted path (`data.items.0.id`, optionally starting with `$.`) from a value. */
export function readPath(value: unknown, path: string): unknown {
  let node = value;
  for (const part of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else if (isObj(node)) node = node[part];
    else return undefined;
  }
  return node;
}

/** Sets the value at a JSON pointer (`/items/0/product_id`) inside a (cloned) body. */
export function setPointer(target: unknown, pointer: string, value: unknown): void {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[parts[i]!];
  }
  if (node !== null && typeof node === 'object') (node as Record<string, unknown>)[parts[parts.length - 1]!] = value;
}
