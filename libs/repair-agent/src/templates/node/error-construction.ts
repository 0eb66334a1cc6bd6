import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { AppErrorClass } from './error-conventions.js';

/** What a new error should say: its status, a ready message literal, and the looked-up thing. */
export interface ErrorIntent {
  readonly status: number;
  /** A string literal (`'Trip not found'`), for a constructor that takes a message. */
  readonly message: string;
  /** The entity's name (`Trip`, `WorkOrder`), for a constructor that takes what was not found. */
  readonly entity: string;
  /** The expression of the missing id (`id`, `Number(req.params.tripId)`). */
  readonly id: string;
}

const MESSAGE = /^(message|msg|detail|details|description|reason|text)$/i;
const SUBJECT =
  /^(what|entity|resource|name|type|kind|model|subject|thing|label|resourceName|entityName|resourceType|entityType)$/i;
const ID = /(^id$|Id$|^key$|^identifier$)/;

/**
 * The arguments `new <cls>(…)` takes for `intent`, read from the class's own constructor (or the
 * nearest ancestor's) and from how the codebase already calls it — never guessed: a constructor
 * whose parameters say neither `(message)`, `(status, message)` nor `(what, id)` gets null, so
 * no candidate is built that the compiler (TS2554) or the error's own message would reject.
 */
export async function errorArguments(
  cls: AppErrorClass,
  intent: ErrorIntent,
  node: NodeProject,
  tree: Pick<SourceTree, 'read'>,
): Promise<string | null> {
  const params = await constructorParams(cls.name, cls.file, node, tree);
  // No constructor in the chain up to Error: Error's own (message).
  if (params === null) return intent.message;
  const required = params.filter((p) => !p.optional);
  const [first, second] = params;
  // `(status, message[, details])`: untyped JS cannot mark the trailing ones optional.
  if (cls.statusFirst)
    return second && (MESSAGE.test(second.name) || required.length <= 2) ? `${intent.status}, ${intent.message}` : null;
  const words = intent.entity.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  if (required.length === 0 || (required.length === 1 && first && !SUBJECT.test(first.name) && !ID.test(first.name)))
    return intent.message;
  if (required.length === 1 && first && SUBJECT.test(first.name)) return `'${words}'`;
  if (required.length !== 2 || !first || !second) return null;
  const calls = await existingCalls(cls.name, node, tree);
  // `(what, id)`: every existing call passes a name literal and an id expression; with none to
  // learn from, the parameter names must say so themselves.
  const literal = /^(['"`])[^'"`]*\1$/;
  const subjectFirst =
    calls.length > 0
      ? calls.every((c) => c.length === 2 && literal.test(c[0]!) && !/^['"`\d]/.test(c[1]!))
      : SUBJECT.test(first.name) && ID.test(second.name);
  if (!subjectFirst || MESSAGE.test(first.name)) return null;
  const lower = calls.length > 0 && calls.every((c) => c[0]!.slice(1, 2) === c[0]!.slice(1, 2).toLowerCase());
  return `'${lower ? words.toLowerCase() : words}', ${intent.id}`;
}

interface Param {
  readonly name: string;
  readonly optional: boolean;
}

const CLASS_HEAD = (name: string) =>
  new RegExp(`class\\s+${name.replace(/\$/g, '\\$')}\\s+extends\\s+([A-Za-z_$][\\w$.]*)\\s*\\{`);

// The constructor parameters of `name` or of its nearest ancestor that declares one; null when none does.
async function constructorParams(
  name: string,
  file: string,
  node: NodeProject,
  tree: Pick<SourceTree, 'read'>,
  depth = 0,
): Promise<Param[] | null> {
  const source = (await tree.read(file)) ?? '';
  const head = CLASS_HEAD(name).exec(source);
  if (!head || depth > 5) return null;
  const body = source.slice(head.index + head[0].length, classEnd(source, head.index + head[0].length - 1));
  const ctor = /\bconstructor\s*\(/.exec(body);
  if (ctor) return splitParams(body, ctor.index + ctor[0].length);
  const parent = head[1]!;
  if (/^(Error|TypeError|RangeError)$/.test(parent)) return null;
  const parentFile = CLASS_HEAD(parent).test(source) ? file : (await node.exportersOf(parent))[0]?.file;
  return parentFile ? constructorParams(parent, parentFile, node, tree, depth + 1) : null;
}

function splitParams(text: string, open: number): Param[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (depth === 0 && c === ')') break;
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    if (depth === 0 && c === ',') {
      out.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim()) out.push(current);
  return out
    .map((p) =>
      /^\s*(?:(?:public|private|protected|readonly)\s+)*(\.\.\.)?([A-Za-z_$][\w$]*)\s*(\?)?\s*(:[^=]*)?(=)?/.exec(p),
    )
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[2]!, optional: Boolean(m[1] || m[3] || m[5]) }));
}

function classEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return i;
  }
  return source.length;
}

// The argument lists (top-level split, trimmed) of every `new <name>(…)` in the project's modules.
async function existingCalls(name: string, node: NodeProject, tree: Pick<SourceTree, 'read'>): Promise<string[][]> {
  const calls: string[][] = [];
  for (const file of (await node.modules()).keys()) {
    const source = (await tree.read(file)) ?? '';
    for (const m of source.matchAll(new RegExp(`\\bnew\\s+${name.replace(/\$/g, '\\$')}\\s*\\(`, 'g'))) {
      calls.push(splitArgs(source, m.index + m[0].length));
    }
  }
  return calls;
}

function splitArgs(text: string, open: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (depth === 0 && c === ')') break;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (!quote && depth === 0 && c === ',') {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
