import type { JsModule } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';

// Verbs generated services and repositories use interchangeably, each group under one name.
const VERBS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    get: ['get', 'fetch', 'find', 'read', 'retrieve', 'load', 'lookup', 'obtain', 'show'],
    list: ['list', 'all', 'many', 'search', 'query'],
    create: ['create', 'add', 'insert', 'new', 'make', 'register'],
    update: ['update', 'edit', 'modify', 'patch', 'change'],
    delete: ['delete', 'remove', 'destroy', 'erase', 'del'],
    count: ['count', 'total', 'tally'],
    // Stock drawn from a store: `takeStaves` for `drawStaves`.
    take: ['take', 'draw', 'withdraw', 'consume', 'deduct'],
  }).flatMap(([canonical, words]) => words.map((w) => [w, canonical])),
);
// `find` reads one (`findById`) or many (`findByEpisode`): a get and a list alike.
const GET_OR_LIST = new Set(['find']);
// Words that say nothing about which member is meant.
const FILLER = new Set(['one', 'single', 'by', 'item', 'record', 'entity', 'obj', 'object', 'row', 'data', 'info']);

/**
 * What a called name no member is spelt like may mean, among the members whose function fits the
 * call: `fitting` (the members whose parameters take the call's arguments), and `synonyms`, those
 * of them whose verb is a synonym and whose other words are the same (`removeTask` → `deleteTask`,
 * `fetchUser` → `getUser`, `findAll` → `listAll`). More than one synonym → the name is ambiguous.
 */
export async function meaningsOf(
  node: NodeProject,
  file: string,
  module: JsModule,
  line: number,
  object: string,
  member: string,
  members: readonly string[],
): Promise<{ fitting: string[]; synonyms: string[] }> {
  const call = module.functions
    .flatMap((f) => f.calls)
    .find((c) => c.line === line && c.name === member && c.object?.replace(/\?$/, '') === object);
  const head = object.split('.')[0]!;
  const target = head === 'this' ? undefined : await node.bindingTarget(file, head);
  const owner = target ? (await node.modules()).get(target.file) : undefined;
  const fitting = members.filter((m) => m !== member && fits(owner, m, call?.args.length));
  const wanted = meaningOf(member);
  return { fitting, synonyms: wanted ? fitting.filter((m) => sameMeaning(wanted, meaningOf(m))) : [] };
}

/** Two names that start with verbs of different meaning (`removeTask`, `createTask`): no misspelling of each other. */
export function otherVerb(a: string, b: string): boolean {
  const [x, y] = [words(a)[0], words(b)[0]];
  if (x === undefined || y === undefined || x === y || VERBS[x] === undefined || VERBS[y] === undefined) return false;
  const either = (w: string, other: string) => GET_OR_LIST.has(w) && ['get', 'list'].includes(VERBS[other]!);
  return VERBS[x] !== VERBS[y] && !either(x, y) && !either(y, x);
}

/** Two meanings are one when their words are and their verbs can be (`findByEpisode`, `listByEpisode`). */
function sameMeaning(a: Meaning, b: Meaning | null): boolean {
  return b !== null && a.content === b.content && a.verbs.some((v) => b.verbs.includes(v));
}

interface Meaning {
  /** The verb's groups: one, or get and list for `find`. */
  readonly verbs: readonly string[];
  /** The remaining words, singular and sorted. */
  readonly content: string;
}

function meaningOf(name: string): Meaning | null {
  const all = words(name);
  const verbs = all.map((w) => VERBS[w]).filter((v): v is string => v !== undefined);
  if (verbs.length === 0) return null;
  // `findAll` lists; `getAllTasks` too.
  const verb = verbs.includes('list') ? 'list' : verbs[0]!;
  const content = all
    .filter((w) => !VERBS[w] && !FILLER.has(w))
    .map(singular)
    .sort()
    .join('_');
  const either =
    verb === 'get' &&
    all.some((w) => GET_OR_LIST.has(w)) &&
    !all.some((w) => VERBS[w] === 'get' && !GET_OR_LIST.has(w));
  return { verbs: either ? ['get', 'list'] : [verb], content };
}

// A member whose function the module declares takes at least the call's arguments; one whose
// function is not known is not ruled out.
function fits(owner: JsModule | undefined, member: string, args: number | undefined): boolean {
  if (!owner || args === undefined) return true;
  const local = owner.exports.find((e) => e.name === member)?.local ?? member;
  const fn =
    owner.functions.find((f) => f.name === local && !f.className) ?? owner.functions.find((f) => f.name === member);
  if (!fn) return true;
  return args <= fn.params.length;
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
