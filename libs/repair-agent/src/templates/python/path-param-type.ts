import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { operationOf, type RepairTemplate } from '../template.js';

// OpenAPI scalar types and the annotation FastAPI converts a path segment to for them.
const ANNOTATION: Readonly<Record<string, string>> = { integer: 'int', number: 'float' };

/**
 * A path parameter documented as an integer (or number) that the handler annotates `str`: the
 * handler compares a string with integer ids and misses (404 where 200 is documented) or fails
 * further in → annotate it as the contract says, so FastAPI converts (and validates) the segment.
 */
export const pythonPathParamType: RepairTemplate = {
  id: 'python.path-param-type',
  language: 'python',
  summary: 'annotate a path parameter with the type the contract documents',
  evidence: { kinds: ['route_missing', 'status_mismatch', 'runtime_error', 'crash', 'schema_mismatch'], contract: true },
  async *candidates({ cause, contract, tree, python }) {
    // A 404 on a documented route is grouped with every other such 404 (route_missing): each
    // endpoint of the cause is checked against its own operation.
    const fixed: string[] = [];
    const edited = new Map<string, string>();
    for (const endpoint of new Set(cause.violations.map((v) => v.endpoint))) {
      const operation = operationOf(contract, endpoint);
      const route = operation ? await findRoute(python, endpoint) : undefined;
      const source = route ? (edited.get(route.file) ?? (await tree.read(route.file))) : null;
      if (!operation || !route || source === null) continue;
      const { lines, join } = splitSource(source);
      for (const parameter of operation.parameters) {
        const type = typeof parameter.schema === 'object' ? parameter.schema['type'] : undefined;
        const wanted = typeof type === 'string' ? ANNOTATION[type] : undefined;
        if (parameter.in !== 'path' || !wanted || !route.path.includes(`{${parameter.name}}`)) continue;
        const annotation = route.handler.annotations[parameter.name];
        if (annotation !== 'str' && !/^Annotated\[str,/.test(annotation ?? '')) continue;
        // The signature runs from the def line to the line before the body.
        for (let i = route.handler.line - 1; i < route.handler.bodyLine - 1; i++) {
          const next = lines[i]!.replace(new RegExp(`\\b(${parameter.name}\\s*:\\s*(?:Annotated\\[\\s*)?)str\\b`), `$1${wanted}`);
          if (next === lines[i]) continue;
          lines[i] = next;
          fixed.push(`${parameter.name}: ${wanted} in ${route.handler.name} (${endpoint})`);
          break;
        }
      }
      edited.set(route.file, join(lines));
    }
    if (fixed.length === 0) return;
    for (const [file, source] of edited) await tree.write(file, source);
    yield {
      key: 'python.path-param-type',
      summary: `annotate ${fixed.join(', ')} as documented`,
      template: { recipe: 'python.path-param-type', parameters: fixed },
    };
  },
};
