import type { AnyNode, Expression, Program, VariableDeclaration } from 'acorn';
import { endLineOf, keyName, lineOf, memberText, patternNames, shapeOf, stringValue } from './js-ast.js';
import type { JsDefinition, JsExport, JsImport, JsImportName } from './js-module.js';
import { routerChainRoot } from './route-calls.js';

/** Top-level imports (ESM and `require`), exports (ESM and CommonJS) and definitions. */
export function topLevelBindings(
  program: Program,
  source: string,
): { imports: JsImport[]; exports: JsExport[]; defs: JsDefinition[]; importsEnd: number } {
  const imports: JsImport[] = [];
  const exports: JsExport[] = [];
  const defs: JsDefinition[] = [];
  let importsEnd = 0;
  const span = (node: AnyNode) => ({ start: node.start, end: node.end, line: lineOf(node), endLine: endLineOf(node) });

  for (const statement of program.body) {
    switch (statement.type) {
      case 'ImportDeclaration': {
        const names: JsImportName[] = statement.specifiers.map((s) => ({
          imported:
            s.type === 'ImportDefaultSpecifier'
              ? 'default'
              : s.type === 'ImportNamespaceSpecifier'
                ? '*'
                : String(keyName(s.imported)),
          local: s.local.name,
        }));
        const braces = /\{[^}]*\}/.test(source.slice(statement.start, statement.source.start));
        imports.push({ kind: 'import', source: String(statement.source.value), names, braces, ...span(statement) });
        importsEnd = statement.end;
        break;
      }
      case 'VariableDeclaration': {
        const required = requiresOf(statement);
        if (required.length > 0 && required.length === statement.declarations.length) {
          for (const r of required) imports.push({ kind: 'require', ...r, ...span(statement) });
          importsEnd = statement.end;
        } else defs.push(...declarationDefs(statement));
        break;
      }
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        defs.push(...declarationDefs(statement));
        break;
      case 'ExportNamedDeclaration':
        if (statement.declaration) {
          const declared = declarationDefs(statement.declaration);
          defs.push(...declared);
          exports.push(...declared.map((d) => exportOf(d.name, d.name, d)));
        }
        if (!statement.source) {
          for (const s of statement.specifiers)
            exports.push({ name: String(keyName(s.exported)), local: String(keyName(s.local)) });
        }
        break;
      case 'ExportDefaultDeclaration': {
        const decl = statement.declaration as AnyNode;
        if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
          const declared = declarationDefs(decl);
          defs.push(...declared);
          exports.push(exportOf('default', decl.id.name, declared[0]));
        } else exports.push(valueExport('default', decl as Expression));
        break;
      }
      case 'ExpressionStatement': {
        const expr = statement.expression;
        if (expr.type !== 'AssignmentExpression' || expr.operator !== '=') break;
        const target = memberText(expr.left as Expression);
        if (target === 'module.exports') {
          exports.push(valueExport('default', expr.right));
          // `module.exports = { a, b }`: each key is a named export too.
          if (expr.right.type === 'ObjectExpression') {
            for (const p of expr.right.properties) {
              if (p.type !== 'Property') continue;
              const name = keyName(p.key, p.computed);
              if (name) exports.push(valueExport(name, p.value));
            }
          }
        } else if (target && /^(module\.)?exports\.\w+$/.test(target)) {
          exports.push(valueExport(target.split('.').at(-1)!, expr.right));
        }
        break;
      }
      default:
        break;
    }
  }
  // `module.exports = name` where name is a local object: its keys are named exports.
  for (const e of [...exports]) {
    const def = e.name === 'default' && e.local ? defs.find((d) => d.name === e.local) : undefined;
    if (def?.shape && exports.every((x) => x.name === 'default' || x.local !== e.local)) {
      for (const key of def.shape.keys)
        if (!exports.some((x) => x.name === key)) exports.push({ name: key, local: null });
    }
  }
  return { imports, exports, defs, importsEnd };
}

function exportOf(name: string, local: string, def: JsDefinition | undefined): JsExport {
  return {
    name,
    local,
    ...(def?.shape ? { shape: def.shape } : {}),
    ...(def?.instanceOf ? { instanceOf: def.instanceOf } : {}),
  };
}

function valueExport(name: string, value: Expression): JsExport {
  if (value.type === 'Identifier') return { name, local: value.name };
  if ((value.type === 'FunctionExpression' || value.type === 'ClassExpression') && value.id)
    return { name, local: value.id.name };
  const shape = shapeOf(value);
  const instanceOf =
    value.type === 'NewExpression' && value.callee.type === 'Identifier' ? value.callee.name : undefined;
  return { name, local: null, ...(shape ? { shape } : {}), ...(instanceOf ? { instanceOf } : {}) };
}

function requiresOf(statement: VariableDeclaration): { source: string; names: JsImportName[]; braces: boolean }[] {
  const out: { source: string; names: JsImportName[]; braces: boolean }[] = [];
  for (const d of statement.declarations) {
    let init = d.init as Expression | null | undefined;
    let member: string | null = null;
    if (init?.type === 'MemberExpression' && !init.computed) {
      member = keyName(init.property as Expression);
      init = init.object as Expression;
    }
    if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require')
      continue;
    const source = stringValue(init.arguments[0] as Expression | undefined);
    if (source === null) continue;
    if (d.id.type === 'Identifier')
      out.push({ source, names: [{ imported: member ?? '*', local: d.id.name }], braces: false });
    else if (d.id.type === 'ObjectPattern' && member === null) {
      const names = d.id.properties.flatMap((p): JsImportName[] => {
        if (p.type !== 'Property') return [];
        const key = keyName(p.key, p.computed);
        const local = patternNames(p.value)[0];
        return key && local ? [{ imported: key, local }] : [];
      });
      out.push({ source, names, braces: true });
    }
  }
  return out;
}

function declarationDefs(node: AnyNode): JsDefinition[] {
  if (node.type === 'FunctionDeclaration')
    return node.id ? [{ name: node.id.name, kind: 'function', line: lineOf(node), async: node.async }] : [];
  if (node.type === 'ClassDeclaration')
    return node.id ? [{ name: node.id.name, kind: 'class', line: lineOf(node), async: false }] : [];
  if (node.type !== 'VariableDeclaration') return [];
  return node.declarations.flatMap((d): JsDefinition[] => {
    const init = d.init as Expression | null | undefined;
    if (d.id.type !== 'Identifier')
      return patternNames(d.id).map((name) => ({ name, kind: 'variable', line: lineOf(d), async: false }));
    const name = d.id.name;
    if (init?.type === 'FunctionExpression' || init?.type === 'ArrowFunctionExpression')
      return [{ name, kind: 'function', line: lineOf(d), async: init.async }];
    if (init?.type === 'ClassExpression') return [{ name, kind: 'class', line: lineOf(d), async: false }];
    const shape = shapeOf(init);
    const instanceOf =
      init?.type === 'NewExpression' && init.callee.type === 'Identifier' ? init.callee.name : undefined;
    // `express()`, `Router()`, and `require('fastify')({...})` (as `require:fastify`); a chain of
    // registrations on a new router (`Router().get(…).post(…)`) as the call making the router.
    const made = (init?.type === 'CallExpression' && routerChainRoot(init as AnyNode)) || init;
    const calls =
      made?.type === 'CallExpression'
        ? (memberText(made.callee as Expression) ?? requiredCallee(made.callee as Expression))
        : undefined;
    return [
      {
        name,
        kind: 'variable',
        line: lineOf(d),
        async: false,
        ...(shape ? { shape } : {}),
        ...(instanceOf ? { instanceOf } : {}),
        ...(calls ? { calls } : {}),
      },
    ];
  });
}

function requiredCallee(callee: Expression): string | undefined {
  // `require('express').Router()` → `require:express.Router`
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    const inner = requiredCallee(callee.object as Expression);
    return inner ? `${inner}.${callee.property.name}` : undefined;
  }
  if (callee.type !== 'CallExpression' || callee.callee.type !== 'Identifier' || callee.callee.name !== 'require')
    return undefined;
  const source = stringValue(callee.arguments[0] as Expression | undefined);
  return source === null ? undefined : `require:${source}`;
}
