import type { JsCall, JsFunction } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';

/** A call of a response helper to rename: the callee's name and where it is in the handler's file. */
export interface HelperSwap {
  readonly start: number;
  readonly end: number;
  /** The sibling helper sending the documented status (`created`). */
  readonly name: string;
}

/**
 * A handler answering through a project helper that is handed the response and sends a fixed
 * status (`this.ok(res, body)` where `ok` does `res.status(200).json(body)`, a method of the
 * handler's class or a base class, or a function of the handler's own module), when a sibling
 * helper of the same class or module does exactly the same with the documented status
 * (`created`: its body is `ok`'s with 201 for 200, same parameters) → the sibling's name. A
 * helper that sends its status another way, or siblings that differ in anything else: none.
 */
export async function statusHelperSwap(
  node: NodeProject,
  tree: SourceTree,
  file: string,
  call: JsCall,
  response: string,
  status: { actual: number; expected: number },
): Promise<HelperSwap | null> {
  const { actual, expected } = status;
  if (!call.args.some((a) => a.text === response) || (call.object !== undefined && call.object !== 'this')) return null;
  const owners = (await definitionsOf(node, call.name, call.object === 'this')).filter(
    (d) => call.object === 'this' || d.file === file,
  );
  if (owners.length !== 1) return null;
  const { fn, siblings } = owners[0]!;
  const source = await tree.read(owners[0]!.file);
  if (source === null) return null;
  const body = (f: JsFunction) => source.slice(f.bodyStart, f.end);
  const sent = body(fn);
  if (!new RegExp(`\\.(?:status|code)\\(\\s*${actual}\\s*\\)`).test(sent)) return null;
  const swapped = sent.replace(new RegExp(`(?<![\\w.])${actual}(?!\\w)`, 'g'), String(expected));
  const matches = siblings.filter(
    (s) => s !== fn && s.params.length === fn.params.length && s.name !== '' && body(s) === swapped,
  );
  if (matches.length !== 1) return null;
  const at = call.text.lastIndexOf(call.name);
  return { start: call.start + at, end: call.start + at + call.name.length, name: matches[0]!.name };
}

// Where `name` is defined: the methods of that name (for `this.name`, in any class of the project:
// a base class's helper is called through `this`) or the module-level functions, each with the
// functions beside it (the same class's, or the same module's top level).
async function definitionsOf(
  node: NodeProject,
  name: string,
  method: boolean,
): Promise<{ file: string; fn: JsFunction; siblings: JsFunction[] }[]> {
  const out: { file: string; fn: JsFunction; siblings: JsFunction[] }[] = [];
  for (const [file, module] of await node.modules()) {
    for (const fn of module.functions) {
      if (fn.name !== name || Boolean(fn.className) !== method) continue;
      const siblings = module.functions.filter((f) =>
        method
          ? f.className === fn.className
          : !f.className && !module.functions.some((o) => o !== f && o.start < f.start && f.end <= o.end),
      );
      out.push({ file, fn, siblings });
    }
  }
  return out;
}
