import { splitSource } from '../../python/python-edits.js';
import { findRoute, pathShape } from '../../recipes/python/route-match.js';
import type { PythonRoute } from '../../python/python-project.js';
import type { RepairTemplate, TemplateCandidate, TemplateContext } from '../template.js';
import { objectShape, successSchema, typesOf } from './contract-schema.js';

const EXCEPTIONS = ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'];
// A return that builds a collection: then the list model may be right and the data wrong.
const COLLECTION = /^\s*return\s+(?:\[|list\(|sorted\(|tuple\(|\w+\s+for\b)|\.(?:all|scalars)\(\)/;

/**
 * A route for one resource copied from the collection route above it keeps its
 * `response_model=list[InvoiceRead]`: returning the one invoice fails with FastAPI's
 * `ResponseValidationError` `Input should be a valid list` → `response_model=InvoiceRead`. Only
 * when the path ends in a path parameter (`/invoices/{invoice_id}`), the collection route without
 * it (`/invoices`) declares the same `list[…]` or the contract documents the success body as one
 * object of that model (its schema titled `InvoiceRead`, no array), and no return of the handler
 * builds a collection.
 * Wrapping the one item in a list would match the copied model but not the resource.
 * `#list`, the other way round: a collection route (`GET /bins`, no path parameter at its end)
 * declares the item model `response_model=BinOut` yet returns a collection it builds (`return [..
 * for ..]`, `.all()`), and the contract documents an array there or the item route below it
 * (`/bins/{bin_id}`) declares the same model → `response_model=list[BinOut]`.
 */
export const pythonItemResponseModel: RepairTemplate = {
  id: 'python.item-response-model',
  language: 'python',
  summary: "declare the item model on a single-resource route that copied its collection's list[...] model",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates(context) {
    const { cause, tree, python } = context;
    // The log's message keeps only its first line: the route, its sibling and its returns decide.
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      const model = route?.decorator.keywords['response_model'];
      const listed = route && model ? await collectionWithItemModel(context, route, model, endpoint) : null;
      if (listed) {
        yield listed;
        return;
      }
      const item = model ? /^(?:list|List|typing\.List)\[\s*([\w.]+)\s*\]$/.exec(model)?.[1] : undefined;
      // A registration in another module (`add_api_route`) is not the decorator this edits.
      if (!route || route.decoratorFile || !model || !item || !/\/\{[^}]+\}\/?$/.test(route.path)) continue;
      const collection = pathShape(route.path.replace(/\/\{[^}]+\}\/?$/, ''));
      const siblings = (await python.routes()).filter(
        (r) =>
          r.method === 'get' &&
          r.routerVar === route.routerVar &&
          r.file === route.file &&
          pathShape(r.path) === collection,
      );
      const copied = siblings.some(
        (r) => r.decorator.keywords['response_model']?.replace(/\s/g, '') === model.replace(/\s/g, ''),
      );
      if (!copied && !documentsOneItem(context, endpoint, item)) continue;
      const { lines, join } = splitSource((await tree.read(route.file)) ?? '');
      const body = lines.slice(route.handler.bodyLine - 1, route.handler.endLine);
      if (route.handler.returns.length === 0 || body.some((l) => COLLECTION.test(l) && /^\s*return\b/.test(l)))
        continue;
      let written = false;
      for (let i = route.decorator.line - 1; i < route.decorator.endLine && !written; i++) {
        const next = lines[i]!.replace(
          /\bresponse_model\s*=\s*(?:list|List|typing\.List)\[\s*([\w.]+)\s*\]/,
          'response_model=$1',
        );
        written = next !== lines[i];
        lines[i] = next;
      }
      if (!written) continue;
      await tree.write(route.file, join(lines));
      yield {
        key: 'python.item-response-model#item',
        summary:
          `response_model=${item} (not list[${item}]) on ${endpoint}, a single resource ` +
          `(${route.file}:${route.decorator.line})`,
        template: { recipe: 'python.item-response-model#item' },
      };
      return;
    }
  },
};

// The contract answers the endpoint with one object of the item model (its resolved schema titled
// `InvoiceRead`), not an array: the list model is then the route's mistake, whatever its siblings say.
function documentsOneItem({ operation }: TemplateContext, endpoint: string, item: string): boolean {
  const schema = operation?.endpoint === endpoint ? successSchema(operation) : null;
  if (!schema || typesOf(schema).includes('array') || 'items' in schema) return false;
  return objectShape(schema) !== null && schema['title'] === item.split('.').pop();
}

async function collectionWithItemModel(
  { tree, python, operation }: TemplateContext,
  route: PythonRoute,
  model: string,
  endpoint: string,
): Promise<TemplateCandidate | null> {
  if (route.decoratorFile || !/^[\w.]+$/.test(model) || /\/\{[^}]+\}\/?$/.test(route.path)) return null;
  const { lines, join } = splitSource((await tree.read(route.file)) ?? '');
  const body = lines.slice(route.handler.bodyLine - 1, route.handler.endLine);
  if (!body.some((l) => COLLECTION.test(l) && /^\s*return\b/.test(l))) return null;
  const documented = successSchema(operation)?.['type'] === 'array';
  const item = pathShape(`${route.path.replace(/\/$/, '')}/{id}`);
  const sibling = (await python.routes()).some(
    (r) =>
      r.method === 'get' &&
      r.file === route.file &&
      pathShape(r.path) === item &&
      r.decorator.keywords['response_model']?.replace(/\s/g, '') === model,
  );
  if (!documented && !sibling) return null;
  for (let i = route.decorator.line - 1; i < route.decorator.endLine; i++) {
    const next = lines[i]!.replace(
      new RegExp(`\\bresponse_model\\s*=\\s*${model.replace(/\./g, '\\.')}\\b(?!\\s*[\\[.])`),
      `response_model=list[${model}]`,
    );
    if (next === lines[i]) continue;
    lines[i] = next;
    await tree.write(route.file, join(lines));
    return {
      key: 'python.item-response-model#list',
      summary:
        `response_model=list[${model}] on ${endpoint}, which returns a collection ` +
        `(${route.file}:${route.decorator.line})`,
      template: { recipe: 'python.item-response-model#list' },
    };
  }
  return null;
}
