/**
 * Local `$ref` resolution (`#/components/...`, any JSON pointer into the same document).
 * External refs are refused with the location that holds them; cycles resolve to `{}` (any).
 */
import { OpenApiInvalidError } from '../../errors.js';

type Json = unknown;

/** Follows a JSON pointer (`#/a/b~1c`) in `doc`; undefined when it points nowhere. */
function resolvePointer(doc: Json, ref: string): Json {
  if (ref === '#') return doc;
  if (!ref.startsWith('#/')) return undefined;
  let node: Json = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, Json>)[key];
  }
  return node;
}

/**
 * Returns a copy of `doc` with every local `$ref` replaced by its target (siblings of `$ref`
 * are merged over the target, as OpenAPI 3.1 allows). Throws `OpenApiInvalidError` for an
 * external or dangling ref, naming where it sits.
 */
export function dereference(doc: Json, source: string): Json {
  const done = new Map<string, Json>();
  const visit = (node: Json, at: string, stack: readonly string[]): Json => {
    if (Array.isArray(node)) return node.map((child, i) => visit(child, `${at}[${i}]`, stack));
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, Json>;
    const ref = record['$ref'];
    if (typeof ref === 'string') {
      if (!ref.startsWith('#')) {
        throw new OpenApiInvalidError(
          `external $ref "${ref}" at ${at || '(root)'} is not supported; bundle the document first (e.g. redocly ` +
            `bundle)`,
          source,
        );
      }
      let target: Json;
      if (stack.includes(ref)) target = {};
      else if (done.has(ref)) target = done.get(ref);
      else {
        const raw = resolvePointer(doc, ref);
        if (raw === undefined)
          throw new OpenApiInvalidError(`$ref "${ref}" at ${at || '(root)'} points nowhere`, source);
        target = visit(raw, ref.slice(2).replace(/\//g, '.'), [...stack, ref]);
        if (!containsCycleMarker(raw, stack)) done.set(ref, target);
      }
      const siblings = Object.entries(record).filter(([k]) => k !== '$ref');
      if (siblings.length === 0) return target;
      const merged: Record<string, Json> =
        target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
      for (const [k, v] of siblings) merged[k] = visit(v, `${at}.${k}`, stack);
      return merged;
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(record)) out[k] = visit(v, at ? `${at}.${k}` : k, stack);
    return out;
  };
  return visit(doc, '', []);
}

// A target resolved while an outer ref was open may have been cut at the cycle; don't memoise it.
function containsCycleMarker(raw: Json, stack: readonly string[]): boolean {
  if (stack.length === 0) return false;
  const text = JSON.stringify(raw);
  return stack.some((ref) => text.includes(`"${ref}"`));
}
