/**
 * Resource inference for CRUD-ish APIs, from path shapes alone: a literal segment followed by
 * a `{param}` is a collection (`/carts` with id `cart_id`), nested collections keep their
 * parent's path (`/carts/{cart_id}/items`); fields like `product_id` / `productId` are matched to
 * the collection whose singular is `product` (`/products`). No entity names are known in advance.
 */
import type { ApiOperation } from '../openapi/api-model.js';
import type { OperationRole } from '../scenario.js';

/** One inferred collection. */
interface Resource {
  /** The collection's path template: `/products`, `/carts/{cart_id}/items`. */
  readonly key: string;
  /** Normalised names that refer to one element: `item`, `cartitem`. */
  readonly names: readonly string[];
  /** The instance id parameter when an instance path exists (`item_id`). */
  readonly idParam?: string;
  readonly depth: number;
}

/** All resources of an API and the role of each operation. */
export interface ResourceIndex {
  readonly resources: ReadonlyMap<string, Resource>;
  roleOf(op: ApiOperation): OperationRole;
  /** The resource an operation creates, lists or acts on (the last `{param}`'s collection). */
  targetOf(op: ApiOperation): string | undefined;
  /**
   * The resource whose id fills path parameter `param` of `path`: the collection the segment before
   * it names (`/carts/{cart_id}` → `/carts`), unless nothing creates or lists that collection and
   * the parameter's name refers to one that is (`/invoices/{appointment_id}` → `/appointments`).
   */
  resourceForPathParam(path: string, param: string): string | undefined;
  /** The resource an id-like field or parameter name refers to (`customer_id` → `/customers`). */
  resourceForField(name: string): string | undefined;
}

const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);
const segmentsOf = (path: string) => path.split('/').filter(Boolean);
const joinPath = (segments: readonly string[]) => `/${segments.join('/')}`;

/** Normalises a name for comparison: lower case, no separators. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** English singular of a plural collection name (`categories` → `category`, `boxes` → `box`). */
export function singularize(word: string): string {
  const w = word.toLowerCase();
  if (/ies$/.test(w) && w.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(w)) return word.slice(0, -2);
  if (/ses$/.test(w)) return word.slice(0, -1);
  if (/people$/.test(w)) return `${word.slice(0, -6)}person`;
  if (/s$/.test(w) && !/ss$/.test(w)) return word.slice(0, -1);
  return word;
}

/** The base of an id-like name (`product_id`, `productId`, `product-uuid` → `product`), else undefined. */
export function idBase(name: string): string | undefined {
  return /^(.+?)(?:[_-]id|Id|ID|[_-]uuid|Uuid|UUID)$/.exec(name)?.[1];
}

/** Infers the resources of `operations`. */
export function inferResources(operations: readonly ApiOperation[]): ResourceIndex {
  const paths = new Set(operations.map((o) => o.path));
  const methodsAt = new Map<string, Set<string>>();
  for (const o of operations) methodsAt.set(o.path, (methodsAt.get(o.path) ?? new Set()).add(o.method));
  const resources = new Map<string, Resource>();
  const add = (segments: readonly string[], idParam?: string) => {
    const key = joinPath(segments);
    const literal = segments[segments.length - 1]!;
    const parentLiteral = [...segments.slice(0, -1)].reverse().find((s) => !isParam(s));
    const singular = normalizeName(singularize(literal));
    const names = new Set([singular, normalizeName(literal)]);
    if (parentLiteral) names.add(normalizeName(singularize(parentLiteral)) + singular);
    const existing = resources.get(key);
    if (existing && (existing.idParam || !idParam)) return;
    resources.set(key, {
      key,
      names: [...names],
      depth: segments.filter(isParam).length,
      ...(idParam ? { idParam } : {}),
    });
  };
  for (const path of paths) {
    const segs = segmentsOf(path);
    segs.forEach((seg, i) => {
      if (i > 0 && isParam(seg) && !isParam(segs[i - 1]!)) add(segs.slice(0, i), seg.slice(1, -1));
    });
    const last = segs[segs.length - 1];
    if (last && !isParam(last) && methodsAt.get(path)?.has('POST') && methodsAt.get(path)?.has('GET')) add(segs);
  }

  const isCollectionPath = (path: string) => resources.has(path);
  const roleOf = (op: ApiOperation): OperationRole => {
    const segs = segmentsOf(op.path);
    const last = segs[segs.length - 1];
    const endsWithParam = last !== undefined && isParam(last);
    switch (op.method) {
      case 'GET':
        return endsWithParam ? 'read' : isCollectionPath(op.path) ? 'list' : segs.some(isParam) ? 'read' : 'list';
      case 'POST':
        return isCollectionPath(op.path) ? 'create' : segs.some(isParam) ? 'action' : 'other';
      case 'PUT':
      case 'PATCH':
        return endsWithParam ? 'update' : segs.some(isParam) ? 'action' : 'other';
      case 'DELETE':
        return endsWithParam ? 'delete' : segs.some(isParam) ? 'action' : 'other';
      default:
        return 'other';
    }
  };
  // Collections some operation creates or lists: only those can hand out ids at run time.
  const provided = new Set(
    operations
      .filter((o) => ['create', 'list'].includes(roleOf(o)))
      .map((o) => o.path)
      .filter(isCollectionPath),
  );
  const resourceForPathParam = (path: string, param: string): string | undefined => {
    const segs = segmentsOf(path);
    const i = segs.indexOf(`{${param}}`);
    if (i > 0 && !isParam(segs[i - 1]!)) {
      const key = joinPath(segs.slice(0, i));
      if (resources.has(key)) {
        // `/invoices/{appointment_id}`: the segment names a collection nothing creates or lists,
        // the parameter names one that something does; only the latter can ever fill the id.
        if (provided.has(key)) return key;
        const named = resourceForField(param);
        return named !== undefined && provided.has(named) ? named : key;
      }
    }
    return resourceForField(param);
  };
  const resourceForField = (name: string): string | undefined => {
    const base = idBase(name);
    if (!base) return undefined;
    const wanted = normalizeName(base);
    const candidates = [...resources.values()].filter((r) => r.names.includes(wanted));
    candidates.sort((a, b) => a.depth - b.depth || a.key.length - b.key.length);
    return candidates[0]?.key;
  };
  const targetOf = (op: ApiOperation): string | undefined => {
    const role = roleOf(op);
    if (role === 'create' || role === 'list') return isCollectionPath(op.path) ? op.path : undefined;
    const segs = segmentsOf(op.path);
    for (let i = segs.length - 1; i > 0; i--) {
      if (isParam(segs[i]!)) return resourceForPathParam(op.path, segs[i]!.slice(1, -1));
    }
    return undefined;
  };
  return { resources, roleOf, targetOf, resourceForPathParam, resourceForField };
}
