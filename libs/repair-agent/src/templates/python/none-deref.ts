import { importSpecifier } from '../../python/module-names.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { documents, pathParameters } from './contract-schema.js';
import { entityLabel, indentOf, indentUnit, maskStrings, statementEnd } from './expression-text.js';

// The call shapes that return None when a lookup misses: `db.get(Model, id)`, `repo.get_by_id(id)`,
// `query(...).filter(...).first()`, `scalar_one_or_none()`, a mapping's `.get(key)`, `find_one`.
const LOOKUP = /\.(?:get|get_\w+|find|find_\w+|first|one_or_none|scalar_one_or_none|scalar|lookup\w*|fetch_one|fetch_by_\w+|load_by_\w+)\s*\(/;

/**
 * A lookup by a request's id misses and the code dereferences the None it returned
 * (`AttributeError: 'NoneType' object has no attribute 'x'`, `'NoneType' object is not
 * subscriptable`) on an operation that documents 404 → right after the lookup's assignment, on
 * the request path where None is first dereferenced: `if x is None: raise` the codebase's own
 * not-found exception when it raises one elsewhere, else `HTTPException(status_code=404)`.
 */
export const pythonNoneDeref: RepairTemplate = {
  id: 'python.none-deref',
  language: 'python',
  summary: 'answer the documented 404 when a lookup by id finds nothing, instead of dereferencing None',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['AttributeError', 'TypeError'], culprit: true, contract: true },
  async *candidates(context) {
    const { exception, culprit, tree, python, operation } = context;
    if (!exception || !culprit || !documents(operation, 404)) return;
    const attribute = /^'NoneType' object has no attribute '(\w+)'/.exec(exception.message)?.[1];
    const subscript = /^'NoneType' object is not subscriptable/.test(exception.message);
    if (!attribute && !subscript) return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (!fn || source === null) return;
    const { lines } = splitSource(source);
    const masked = maskStrings(lines[culprit.line - 1] ?? '');
    const used = [...masked.matchAll(attribute ? new RegExp(`\\b(\\w+)\\.${attribute}\\b`, 'g') : /\b(\w+)\s*\[/g)].map((m) => m[1]!);
    // The request's id: a documented path parameter, or a parameter of this function named like an id.
    const ids = new Set([...pathParameters(operation), ...fn.params.filter((p) => /(^|_)id$/.test(p))]);
    const lookup = findLookup(lines, fn.bodyLine, culprit.line, used, ids);
    if (!lookup) return;
    const entity = /\b(?:get|query|select)\(\s*([A-Z]\w*)/.exec(lookup.rhs)?.[1] ?? lookup.variable;
    const detail = JSON.stringify(`${entityLabel(entity)} not found`);
    const own = await ownNotFound(context);
    const raises = own ? [{ key: 'own-exception', ...own, statement: own.statement(detail) }] : [];
    raises.push({ key: 'raise-404', name: 'HTTPException', module: 'fastapi', statement: `HTTPException(status_code=404, detail=${detail})` });
    for (const raise of raises) {
      const current = await tree.read(culprit.file);
      const module = (await python.modules()).get(culprit.file);
      if (current === null || !module) return;
      const split = splitSource(current);
      const indent = indentOf(split.lines[lookup.line - 1]!);
      split.lines.splice(lookup.end, 0, `${indent}if ${lookup.variable} is None:`, `${indent}${indentUnit(split.lines)}raise ${raise.statement}`);
      const imported = module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === raise.name)) || module.defs.some((d) => d.name === raise.name);
      const spelled = raise.module === 'fastapi' ? 'fastapi' : importSpecifier(culprit.file, module, raise.module);
      const written = imported ? split.join(split.lines) : addFromImport(split.join(split.lines), module, spelled, raise.name);
      await tree.write(culprit.file, written);
      yield {
        key: `python.none-deref#${raise.key}`,
        summary: `raise ${raise.name} (404) when ${lookup.variable} is not found, after ${culprit.file}:${lookup.line}`,
        template: { recipe: `python.none-deref#${raise.key}`, exception: raise.name },
      };
    }
  },
};

interface Lookup {
  readonly variable: string;
  readonly rhs: string;
  /** 1-based first and last line of the assignment. */
  readonly line: number;
  readonly end: number;
}

// The last assignment before the culprit of a dereferenced variable from a lookup whose
// arguments name the request's id; none when the variable is already checked for None after it.
function findLookup(lines: readonly string[], from: number, culpritLine: number, used: readonly string[], ids: ReadonlySet<string>): Lookup | null {
  for (const variable of new Set(used)) {
    for (let line = culpritLine - 1; line >= from; line--) {
      const m = new RegExp(`^\\s*${variable}\\s*(?::[^=]+)?=(?!=)\\s*(.*)$`).exec(lines[line - 1]!);
      if (!m) continue;
      const end = statementEnd(lines, line);
      const rhs = [m[1]!, ...lines.slice(line, end)].join(' ');
      const between = lines.slice(end, culpritLine - 1).join('\n');
      if (!LOOKUP.test(rhs) || ![...ids].some((id) => new RegExp(`\\b${id}\\b`).test(rhs))) break;
      if (new RegExp(`\\b${variable}\\s+is\\s+(?:not\\s+)?None\\b|\\bnot\\s+${variable}\\b`).test(between)) break;
      return { variable, rhs, line, end };
    }
  }
  return null;
}

// The codebase's own not-found exception: a project class named *NotFound* that the code already
// raises somewhere with a single message (or nothing), raised the same way here.
async function ownNotFound({ python, tree }: TemplateContext): Promise<{ name: string; module: string; statement: (detail: string) => string } | null> {
  for (const [file, module] of await python.modules()) {
    for (const cls of module.classes) {
      if (!/NotFound/i.test(cls.name)) continue;
      for (const other of (await python.modules()).keys()) {
        const text = (await tree.read(other)) ?? '';
        const use = new RegExp(`raise\\s+${cls.name}\\(\\s*("[^"]*"|'[^']*'|f"[^"]*"|f'[^']*')?\\s*\\)`).exec(text);
        if (!use) continue;
        const moduleName = await python.moduleName(file);
        return { name: cls.name, module: moduleName, statement: (detail) => `${cls.name}(${use[1] ? detail : ''})` };
      }
    }
  }
  return null;
}
