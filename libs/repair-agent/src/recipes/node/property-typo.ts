import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import type { JsModule } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { closestName } from '../../similarity.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { Recipe } from '../recipe.js';
import type { SourceTree } from '../../source/source-tree.js';
import { injectedMembers } from './injected-members.js';
import { meaningsOf, otherVerb } from './member-meaning.js';
import { culpritModule, enclosingFunctions } from './scope.js';

/**
 * A misspelt member of an object whose members the code declares — `x.findAl is not a
 * function`, or `Cannot read properties of undefined (reading 'y')` on `x.pagin.y` — where x is
 * an object literal, a class instance, `this`, or a project module → the closest declared
 * member. Only when the misspelt member is on the culprit line and is not declared itself.
 * A called member no member is spelt like may mean one (`svc.removeTask()` → `svc.deleteTask()`):
 * see member-meaning.ts.
 */
export const nodePropertyTypo: Recipe = {
  id: 'node.property-typo',
  language: 'node',
  summary: "replace a misspelt property with the closest member the object's code declares",
  async apply({ exception, culprit, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    if (exception?.type !== 'TypeError' || !culprit) return null;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return null;
    const line = lineText(source, culprit.line);
    for (const { object, member, at, called } of suspects(exception.message, line)) {
      const members = await membersOf(node, tree, module, culprit.file, culprit.line, object);
      if (!members || members.includes(member)) continue;
      // What a called name means comes first (`removeTask` → `deleteTask`); a spelling is never one
      // that swaps the verb for another of other meaning (`removeTask` → `createTask`).
      // Two synonyms are no certain mapping, whatever their spelling.
      const meant = called
        ? await meaningsOf(node, culprit.file, module, culprit.line, object, member, members)
        : undefined;
      if (meant && meant.synonyms.length > 1) continue;
      const replacement =
        meant?.synonyms[0] ??
        closestName(
          member,
          (meant?.fitting ?? members).filter((m) => !otherVerb(member, m)),
        ) ??
        (meant ? await uncalledMember(tree, member, meant.fitting) : undefined);
      if (!replacement) continue;
      const start = offsetOf(source, culprit.line) + at;
      await tree.write(culprit.file, replaceRange(source, start, start + member.length, replacement));
      return {
        summary: `rename ${object}.${member} to ${object}.${replacement} at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'node.property-typo', from: member, to: replacement },
      };
    }
    return null;
  },
};

// A word of at least four letters (`stock` of `addStock`) inside a name (`restock`).
const WORD = /[A-Z]?[a-z]{4,}/g;

/**
 * The one member the project calls nowhere whose words (four letters or more) are inside the called
 * name (`restock` → the uncalled `addStock`): the function written for this call under another
 * name. Members someone calls are taken, so they are not offered; two such members: none.
 */
async function uncalledMember(
  tree: Parameters<Recipe['apply']>[0]['tree'],
  member: string,
  fitting: readonly string[],
): Promise<string | undefined> {
  const called = member.toLowerCase();
  const worded = fitting.filter(
    (m) =>
      m !== member && (m.match(WORD) ?? []).some((w) => w.length < called.length && called.includes(w.toLowerCase())),
  );
  if (worded.length === 0) return undefined;
  const sources = await Promise.all((await projectSourceFiles(tree)).map((f) => tree.read(f)));
  const uncalled = worded.filter((m) => !sources.some((text) => callsIn(text ?? '', m)));
  return uncalled.length === 1 ? uncalled[0] : undefined;
}

// Whether `text` calls `name` (`svc.addStock(`, `addStock(`), its own definitions aside
// (`function addStock(`, a method `addStock(id, kg) {`).
function callsIn(text: string, name: string): boolean {
  for (const m of text.matchAll(new RegExp(`(?<![\\w$])(function\\s+|async\\s+)?${name}\\s*\\(`, 'g'))) {
    if (m[1]) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const rest = text.slice(lineStart, text.indexOf('\n', m.index) < 0 ? undefined : text.indexOf('\n', m.index));
    if (new RegExp(`^\\s*(?:static\\s+)?${name}\\s*\\([^)]*\\)\\s*(?::[^{]+)?\\{`).test(rest)) continue;
    return true;
  }
  return false;
}

const CHAIN = '((?:this|[A-Za-z_$][\\w$]*)(?:\\??\\.[A-Za-z_$][\\w$]*)*)';

// Candidate (object, member, column of member) pairs on the culprit line.
function suspects(message: string, line: string): { object: string; member: string; at: number; called?: true }[] {
  const out: { object: string; member: string; at: number; called?: true }[] = [];
  const notFunction = /^((?:this|[\w$]+)(?:\.[\w$]+)*)\.([\w$]+) is not a function/.exec(message);
  if (notFunction) {
    const [, object, member] = notFunction;
    const at = findMember(line, object!, member!);
    if (at >= 0) out.push({ object: object!, member: member!, at, called: true });
  }
  const reading = /^Cannot read properties of (?:undefined|null) \(reading '([\w$]+)'\)/.exec(message);
  if (reading) {
    const pattern = new RegExp(
      `${CHAIN}\\??\\.([A-Za-z_$][\\w$]*)\\??\\.${reading[1]!.replace(/\$/g, '\\$')}(?![\\w$])`,
      'gd',
    );
    for (const m of line.matchAll(pattern))
      out.push({ object: m[1]!.replace(/\?\./g, '.'), member: m[2]!, at: m.indices![2]![0] });
  }
  return out;
}

function findMember(line: string, object: string, member: string): number {
  const escaped = object.replace(/[.$]/g, (c) => `\\${c}`).replace(/\\\./g, '\\??\\.');
  const m = new RegExp(`(?<![\\w$.])${escaped}\\??\\.${member.replace(/\$/g, '\\$')}(?![\\w$])`).exec(line);
  return m ? m.index + m[0].length - member.length : -1;
}

// Declared members of `object` as seen from a line: `this` (the enclosing class), a binding of
// the module (object literal, instance, class, imported module), and nested literal keys.
async function membersOf(
  node: NodeProject,
  tree: SourceTree,
  module: JsModule,
  file: string,
  line: number,
  object: string,
): Promise<readonly string[] | undefined> {
  const [head, ...path] = object.split('.');
  if (head === 'this') {
    const className = enclosingFunctions(module, line)
      .reverse()
      .find((f) => f.className)?.className;
    if (!className) return undefined;
    if (path.length === 0) return (await node.classMembers(className))?.members;
    // `this.repo.findByID`: a collaborator injected through the constructor — the members of what
    // the file builds the instance with, else (the index cannot follow it) of every project class.
    if (path.length !== 1) return undefined;
    return (await injectedMembers(node, tree, file, className, path[0]!)) ?? projectClassMembers(node);
  }
  const target = await node.bindingTarget(file, head!);
  if (!target) return undefined;
  if (path.length === 0) return target.members;
  let shape = target.shape;
  for (const key of path) shape = shape?.nested[key];
  return shape?.keys;
}

async function projectClassMembers(node: NodeProject): Promise<readonly string[]> {
  const members = new Set<string>();
  for (const module of (await node.modules()).values())
    for (const cls of module.classes) for (const m of cls.members) members.add(m);
  return [...members];
}
