import type { SourceTree } from '../source/source-tree.js';
import { parseProgram } from './js-ast.js';
import type { NodeProject } from './node-project.js';

type Node = { type: string; start: number; end: number; [key: string]: unknown };

/** A property of a class (a DTO field), with the decorators written on it. */
export interface ClassProperty {
  readonly name: string;
  /** `x?: T` */
  readonly optional: boolean;
  readonly start: number;
  readonly end: number;
  readonly keyStart: number;
  /** Each decorator: the name it is called by, its offsets and its argument nodes. */
  readonly decorators: readonly {
    readonly name: string;
    readonly start: number;
    readonly end: number;
    readonly args: readonly Node[];
  }[];
}

/** A class declaration found through a file's imports: its file, source and properties. */
export interface DeclaredClass {
  readonly file: string;
  readonly source: string;
  readonly name: string;
  readonly properties: readonly ClassProperty[];
  /** Top-level `const`/`enum` declarations of the file, by name (`const X = [...]` → 'array'). */
  readonly bindings: ReadonlyMap<string, 'array' | 'enum' | 'other'>;
}

/**
 * The class `name` as `fromFile` sees it: declared there, or in the project file it imports it
 * from. TypeScript only (a DTO's properties are declared fields); null when not found.
 */
export async function declaredClass(
  project: NodeProject,
  tree: SourceTree,
  fromFile: string,
  name: string,
): Promise<DeclaredClass | null> {
  let file = fromFile;
  let wanted = name;
  const module = (await project.modules()).get(fromFile);
  const imp = module?.imports.find((i) => i.names.some((n) => n.local === name));
  if (imp) {
    const target = await project.resolve(fromFile, imp.source);
    const binding = imp.names.find((n) => n.local === name)!;
    if (!target || binding.imported === '*') return null;
    file = target;
    if (binding.imported !== 'default') wanted = binding.imported;
  }
  const source = await tree.read(file);
  if (source === null) return null;
  let program: Node;
  try {
    program = parseProgram(file, source) as unknown as Node;
  } catch {
    return null;
  }
  const bindings = new Map<string, 'array' | 'enum' | 'other'>();
  let found: Node | undefined;
  for (const statement of program['body'] as Node[]) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? (statement['declaration'] as Node | null)
        : statement;
    if (!declaration) continue;
    if (declaration.type === 'ClassDeclaration' && nameOf(declaration['id']) === wanted) found = declaration;
    if (declaration.type === 'VariableDeclaration') {
      for (const d of declaration['declarations'] as Node[]) {
        const id = nameOf(d['id']);
        if (id) bindings.set(id, (d['init'] as Node | null)?.type === 'ArrayExpression' ? 'array' : 'other');
      }
    }
  }
  // Enums are type-only to the ESTree normaliser; read them from the text.
  for (const m of source.matchAll(/^\s*(?:export\s+)?(?:const\s+)?enum\s+([A-Za-z_$][\w$]*)/gm))
    bindings.set(m[1]!, 'enum');
  if (!found) return null;
  const properties: ClassProperty[] = [];
  for (const element of (found['body'] as Node)['body'] as Node[]) {
    const key = nameOf(element['key']);
    if (element.type !== 'PropertyDefinition' || !key || element['static'] === true) continue;
    const decorators = ((element['decorators'] as Node[] | undefined) ?? []).map((d) => {
      const expression = d['expression'] as Node;
      const call = expression.type === 'CallExpression';
      return {
        name: nameOf(call ? expression['callee'] : expression) ?? '',
        start: d.start,
        end: d.end,
        args: call ? (expression['arguments'] as Node[]) : [],
      };
    });
    properties.push({
      name: key,
      optional: element['optional'] === true,
      start: element.start,
      end: element.end,
      keyStart: (element['key'] as Node).start,
      decorators,
    });
  }
  return { file, source, name: wanted, properties, bindings };
}

function nameOf(node: unknown): string | null {
  const n = node as Node | null | undefined;
  return n?.type === 'Identifier' ? String(n['name']) : null;
}
