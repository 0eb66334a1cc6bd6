import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';

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
  evidence: { kinds: ['status_mismatch', 'runtime_error', 'crash', 'schema_mismatch'], contract: true },
  async *candidates({ cause, operation, tree, python }) {
    const endpoint = cause.violations[0]?.endpoint;
    if (!operation || !endpoint) return;
    const route = await findRoute(python, endpoint);
    if (!route) return;
    const source = await tree.read(route.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const wrong: { name: string; type: string }[] = [];
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
        wrong.push({ name: parameter.name, type: wanted });
        break;
      }
    }
    if (wrong.length === 0) return;
    await tree.write(route.file, join(lines));
    const described = wrong.map((w) => `${w.name}: ${w.type}`).join(', ');
    yield {
      key: 'python.path-param-type',
      summary: `annotate ${described} in ${route.handler.name} (${endpoint}) as documented`,
      template: { recipe: 'python.path-param-type', parameters: wrong.map((w) => w.name) },
    };
  },
};
