import type { SourceTree } from '../../source/source-tree.js';
import { replaceRange } from '../../node/js-edits.js';
import { parseTsWithTypes, TS_FILE } from '../../node/ts-ast.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, type EsNode } from './estree.js';
import { lookedUpTables } from './table-lookups.js';

const ID = 'node.enum-name-keyed-table';
const SOURCES = /\.(?:[cm]?[jt]s|tsx)$/;
const NOT_SOURCES = /(^|\/)(node_modules|dist|build|coverage)\/|\.d\.ts$/;

/** A string enum: `enum E { A = 'a' }`, or `const E = { A: 'a' } as const` (frozen or not). */
interface StringEnum {
  readonly name: string;
  /** Member name → value. */
  readonly members: ReadonlyMap<string, string>;
}

/**
 * `Cannot read properties of undefined (reading 'includes')` at `TABLE[record.status].includes(…)`
 * where `TABLE` is a module-level object literal written with the member NAMES of a string enum as
 * its keys (`{ PENDING: [Status.CONFIRMED], CONFIRMED: [] }`, `Status = { PENDING: 'pending', … }`)
 * while records hold the enum's VALUES (`'pending'`), so every lookup misses. Evidence: the
 * failing line reads a member of `TABLE[…]`, every key of the table is a member name of the one
 * enum its entries refer to (`Status.X` in the values or its annotation), no key is a member's
 * value, and the names differ from the values (a miss with a name looked up is impossible when
 * every name is a key) → each key becomes the member it names, `[Status.PENDING]: …`, so the
 * table is keyed by the values. Never `?.` or `?? []` on the lookup: that would refuse every
 * valid change as if no transition existed. A table with another key, or an enum whose names are
 * its values: no candidate.
 */
export const nodeEnumNameKeyedTable: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "key a lookup table by its enum's values, not by the members' names",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !/^Cannot read properties of undefined\b/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const tables = lookedUpTables(program, culprit.line);
    for (const name of tables) {
      const table = tableLiteral(program, name);
      if (!table) continue;
      const keys = (table.properties as EsNode[]).map((p) => keyName(p['key'] as EsNode));
      const text = source.slice(...spanOf(table.declarator));
      const referred = [
        ...new Set([...text.matchAll(/(?<![\w$.])([A-Z][\w$]*)\.[A-Za-z_$]/g)].map((m) => m[1]!)),
      ].filter((n) => n !== 'Object');
      if (referred.length !== 1) continue;
      const found = await stringEnum(tree, referred[0]!);
      if (!found || keys.some((k) => k === null || !found.members.has(k))) continue;
      const values = new Set(found.members.values());
      if (keys.some((k) => values.has(k!)) || [...found.members].some(([n, v]) => n === v)) continue;
      let edited = source;
      // Right to left: each key's offsets stay valid while the ones after it change.
      for (const property of [...(table.properties as EsNode[])].reverse()) {
        const key = property['key'] as EsNode;
        const [start, end] = spanOf(key);
        edited = replaceRange(edited, start, end, `[${found.name}.${keyName(key)}]`);
      }
      await tree.write(culprit.file, edited);
      yield {
        key: ID,
        summary:
          `key ${name} by ${found.name}'s values ([${found.name}.${keys[0]}]: …), not by its member names ` +
          `(${culprit.file}:${linesOf(table.declarator)[0]})`,
        template: { recipe: ID, enum: found.name },
      };
      return;
    }
  },
};

/** `const TABLE = { A: …, 'b': … }` at the top of the module (exported or not, annotated or cast). */
export function tableLiteral(program: EsNode, name: string): { declarator: EsNode; properties: EsNode[] } | null {
  for (const declarator of topLevelConstants(program)) {
    const id = declarator['id'] as EsNode;
    const init = unwrap(declarator['init'] as EsNode | null);
    if (id.type !== 'Identifier' || id['name'] !== name || init?.type !== 'ObjectExpression') continue;
    const properties = init['properties'] as EsNode[];
    if (properties.length === 0 || properties.some((p) => p.type !== 'Property' || p['computed'])) return null;
    return { declarator, properties };
  }
  return null;
}

// The project's one string enum of that name (a TypeScript enum or a const object of strings).
async function stringEnum(tree: Pick<SourceTree, 'list' | 'read'>, name: string): Promise<StringEnum | null> {
  const found: StringEnum[] = [];
  for (const file of await tree.list()) {
    if (!SOURCES.test(file) || NOT_SOURCES.test(file)) continue;
    const source = await tree.read(file);
    if (source === null || !source.includes(name)) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    // `parseFile` leaves TypeScript enums out with the types: the whole tree has them.
    const typed = TS_FILE.test(file) ? (parseTsWithTypes(source, file) as EsNode | null) : null;
    for (const statement of (typed?.['body'] as EsNode[] | undefined) ?? []) {
      const declaration = exported(statement);
      if (declaration?.type === 'TSEnumDeclaration' && (declaration['id'] as EsNode)['name'] === name) {
        const members = enumMembers(declaration);
        if (members) found.push({ name, members });
      }
    }
    for (const declarator of topLevelConstants(program)) {
      const init = unwrap(declarator['init'] as EsNode | null);
      if ((declarator['id'] as EsNode)['name'] !== name || init?.type !== 'ObjectExpression') continue;
      const members = new Map<string, string>();
      for (const p of init['properties'] as EsNode[]) {
        const key = p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null;
        const value = p['value'] as EsNode | undefined;
        if (!key || value?.type !== 'Literal' || typeof value['value'] !== 'string') return null;
        members.set(key, value['value']);
      }
      found.push({ name, members });
    }
  }
  return found.length === 1 ? found[0]! : null;
}

function enumMembers(declaration: EsNode): Map<string, string> | null {
  const body = (declaration['body'] as EsNode | undefined)?.['members'] ?? declaration['members'];
  const members = new Map<string, string>();
  for (const member of body as EsNode[]) {
    const key = keyName(member['id'] as EsNode);
    const init = member['initializer'] as EsNode | undefined;
    if (!key || init?.type !== 'Literal' || typeof init['value'] !== 'string') return null;
    members.set(key, init['value']);
  }
  return members;
}

function exported(statement: EsNode): EsNode | null {
  return statement.type === 'ExportNamedDeclaration' ? (statement['declaration'] as EsNode | null) : statement;
}

function topLevelConstants(program: EsNode): EsNode[] {
  return (program['body'] as EsNode[]).flatMap((statement) => {
    const declaration = exported(statement);
    return declaration?.type === 'VariableDeclaration' && declaration['kind'] === 'const'
      ? (declaration['declarations'] as EsNode[])
      : [];
  });
}

// `x as const`, `x satisfies T`, `Object.freeze(x)`: the literal inside.
function unwrap(node: EsNode | null): EsNode | null {
  let at = node;
  while (at) {
    if (at.type === 'TSAsExpression' || at.type === 'TSSatisfiesExpression') at = at['expression'] as EsNode;
    else if (at.type === 'CallExpression' && pathOf(at['callee'] as EsNode) === 'Object.freeze') {
      at = ((at['arguments'] as EsNode[])[0] as EsNode | undefined) ?? null;
    } else return at;
  }
  return null;
}
