import type { Expression, Program } from 'acorn';
import { keyName, memberText, stringValue } from './js-ast.js';

/**
 * The string values a module states at its top level, by dotted name: `const API = '/api'` →
 * `API`; `const config = { http: { prefix: '/v1' } }` → `config.http.prefix`; CommonJS and ESM
 * exports under `module.exports.…` (`module.exports = { apiPrefix: '/api' }`, `exports.x = …`,
 * `module.exports = config`, `export default { … }`, `export const x = …`). A value read from
 * the environment with a literal fallback (`process.env.API_PREFIX || '/api'`) is the fallback:
 * what the app uses where nothing sets it.
 */
export function staticStrings(program: Program): Record<string, string> {
  const out: Record<string, string> = {};
  const aliases: [string, string][] = [];
  const collect = (node: Expression | null | undefined, name: string): void => {
    if (!node) return;
    const value = stringValue(node);
    if (value !== null) {
      out[name] = value;
      return;
    }
    if (node.type === 'LogicalExpression' && (node.operator === '||' || node.operator === '??'))
      return collect(node.right, name);
    if (node.type === 'ObjectExpression') {
      for (const p of node.properties) {
        if (p.type !== 'Property') continue;
        const key = keyName(p.key, p.computed);
        if (key) collect(p.value as Expression, `${name}.${key}`);
      }
      return;
    }
    // `Object.freeze({ … })`
    if (node.type === 'CallExpression' && memberText(node.callee as Expression) === 'Object.freeze')
      return collect(node.arguments[0] as Expression, name);
    if (node.type === 'Identifier') aliases.push([name, node.name]);
    // TypeScript: `{ … } as const`, `'/api' satisfies string`.
    const wrapped = node as unknown as { type: string; expression?: Expression };
    if ((wrapped.type === 'TSAsExpression' || wrapped.type === 'TSSatisfiesExpression') && wrapped.expression)
      collect(wrapped.expression, name);
  };
  for (const statement of program.body) {
    const declaration =
      statement.type === 'VariableDeclaration'
        ? statement
        : statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration'
          ? statement.declaration
          : null;
    if (declaration) {
      for (const d of declaration.declarations) {
        if (d.id.type !== 'Identifier') continue;
        collect(d.init, d.id.name);
        if (statement.type === 'ExportNamedDeclaration') collect(d.init, `module.exports.${d.id.name}`);
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      collect(statement.declaration as Expression, 'module.exports');
    } else if (
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'AssignmentExpression' &&
      statement.expression.operator === '='
    ) {
      const target = memberText(statement.expression.left as Expression);
      if (target === 'module.exports' || (target && /^(module\.)?exports\.[\w$]+$/.test(target))) {
        collect(statement.expression.right, target.startsWith('exports.') ? `module.${target}` : target);
      }
    }
  }
  // `module.exports = config`: config's strings are the module's.
  for (const [name, local] of aliases) {
    for (const [key, value] of Object.entries(out))
      if (key.startsWith(`${local}.`)) out[`${name}${key.slice(local.length)}`] ??= value;
  }
  return out;
}
