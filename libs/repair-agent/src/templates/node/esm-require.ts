import { isBuiltin } from 'node:module';
import { addJsImport } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.esm-require';
// `const { a, b: c } = require('pkg');` or `const x = require('pkg');`, a whole statement.
const DECLARATION =
  /^\s*(?:const|let|var)\s+(\{[^{}]*\}|[A-Za-z_$][\w$]*)\s*=\s*require\(\s*(['"])([^'"]+)\2\s*\)\s*;?\s*$/;

/**
 * `ReferenceError: require is not defined` (in ES module scope) at a `require()` statement of an ES
 * module — written in CommonJS habit (`const { randomBytes } = require('node:crypto')` inside a
 * function; TypeScript's Node types declare a global `require`, so the compiler says nothing) →
 * a top-level `import` of the same bindings (`import { randomBytes } from 'node:crypto'`, a
 * default import for a whole-module binding), and the statement goes. Only a package or builtin
 * (a relative module's default export and extension are another question), only bindings the
 * module does not already declare at the top level (an import of the same names from the same
 * module is reused), and not in a CommonJS file (`.cjs`, `.cts`).
 */
export const nodeEsmRequire: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'import, at the top, a package an ES module require()s',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['ReferenceError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    if (!culprit || !/^require is not defined/.test(exception?.message ?? '') || /\.c[jt]s$/.test(culprit.file)) return;
    const module = await culpritModule(given ?? nodeProjectFor(tree), culprit.file);
    const original = await tree.read(culprit.file);
    if (!module || original === null || module.style !== 'esm') return;
    const lines = original.split('\n');
    const match = DECLARATION.exec(lines[culprit.line - 1] ?? '');
    if (!match || match[3]!.startsWith('.')) return;
    const specifier = match[3]!;
    const names = bindingsOf(match[1]!);
    if (!names) return;
    const imported = module.imports.filter((i) => i.kind === 'import' && i.source === specifier);
    const missing: { imported: string; local: string }[] = [];
    for (const name of names) {
      const same = imported.some((i) => i.names.some((n) => n.local === name.local && n.imported === name.imported));
      if (same) continue;
      const taken =
        module.defs.some((d) => d.name === name.local) ||
        module.imports.some((i) => i.names.some((n) => n.local === name.local));
      if (taken) return;
      missing.push(name);
    }
    let source = original;
    const whole = missing.find((n) => n.imported === 'default');
    const named = missing.filter((n) => n.imported !== 'default');
    if (whole) source = addJsImport(source, module, specifier, whole.local, true);
    if (named.length > 0)
      source = addJsImport(
        source,
        whole ? { ...module, imports: [] } : module,
        specifier,
        named.map((n) => (n.imported === n.local ? n.local : `${n.imported} as ${n.local}`)).join(', '),
        false,
      );
    // The statement, where the added import lines moved it.
    const after = source.split('\n');
    const at = culprit.line - 1 + (after.length - lines.length);
    if (after[at] !== lines[culprit.line - 1]) return;
    after.splice(at, 1);
    await tree.write(culprit.file, after.join('\n'));
    yield {
      key: ID,
      summary:
        `import ${match[1]!.replace(/\s+/g, ' ')} from '${specifier}' at the top of ${culprit.file} ` +
        '(an ES module has no require)',
      template: { recipe: ID },
    };
    // A package with no default export (an ES-module-only one): its namespace, next.
    if (!whole || named.length > 0 || isBuiltin(specifier)) return;
    const namespace = addJsImport(original, module, specifier, `* as ${whole.local}`, true).split('\n');
    if (namespace[at] !== lines[culprit.line - 1]) return;
    namespace.splice(at, 1);
    await tree.write(culprit.file, namespace.join('\n'));
    yield {
      key: `${ID}#namespace`,
      summary: `import * as ${whole.local} from '${specifier}' at the top of ${culprit.file} (no default export)`,
      template: { recipe: `${ID}#namespace` },
    };
  },
};

// The bindings of `{ a, b: c }` (imported → local) or of `x` (the default export); null for a
// rest element or a nested pattern.
function bindingsOf(pattern: string): { imported: string; local: string }[] | null {
  if (!pattern.startsWith('{')) return [{ imported: 'default', local: pattern }];
  const out: { imported: string; local: string }[] = [];
  for (const part of pattern
    .slice(1, -1)
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z_$][\w$]*)(?:\s*:\s*([A-Za-z_$][\w$]*))?$/.exec(part);
    if (!m) return null;
    out.push({ imported: m[1]!, local: m[2] ?? m[1]! });
  }
  return out.length > 0 ? out : null;
}
