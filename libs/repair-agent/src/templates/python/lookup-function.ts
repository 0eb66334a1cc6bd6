import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { closingParen } from './call-keyword.js';
import { stems } from './field-meaning.js';
import { textBetween, topLevelSplit } from './member-candidates.js';
import { requestFrames } from './trace-frames.js';

// Parameter names that look a record up by something other than its id.
const NATURAL_KEY = /^(slug|name|email|code|username|handle|title|sku|key|login)$/;
const ID_LIKE = /^(?:\w+_)?id$|^pk$/;

/**
 * `'NoneType' object has no attribute …` where a value on the request's path came from a lookup
 * called with an id for a parameter that is no id (`get_category_by_slug(db, category_id)`: the
 * slug lookup finds nothing) → call the sibling lookup of the same module that takes an id at that
 * position (`get_category(db, category_id: int)`), same other parameters, same entity words. Tried
 * before python.none-deref: an id that exists must not answer 404.
 */
export const pythonLookupFunction: RepairTemplate = {
  id: 'python.lookup-function',
  language: 'python',
  summary: 'call the lookup that takes an id where an id is passed to a lookup by slug/name/email',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['AttributeError', 'TypeError'],
    culprit: true,
  },
  async *candidates(context) {
    const { exception, tree, python } = context;
    if (!/^'NoneType' object (has no attribute|is not subscriptable)/.test(exception?.message ?? '')) return;
    const modules = await python.modules();
    for (const frame of await requestFrames(context)) {
      const source = await tree.read(frame.file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      for (const call of frame.fn.calls.filter((c) => c.line <= frame.line).sort((a, b) => b.line - a.line)) {
        const callee = [...modules.values()].flatMap((m) =>
          m.functions.filter((f) => f.name === call.name && !f.qualname.includes('.')).map((f) => ({ m, f })),
        );
        if (callee.length !== 1) continue;
        const { m: owner, f: lookup } = callee[0]!;
        const args = argumentsOf(lines, call.line, call.name);
        if (!args) continue;
        const position = args.findIndex(
          (arg, i) => NATURAL_KEY.test(lookup.params[i] ?? '') && isIdArgument(arg, frame.fn),
        );
        if (position < 0) continue;
        const siblings = owner.functions.filter(
          (f) => f !== lookup && !f.qualname.includes('.') && fitsAsIdLookup(f, lookup, position),
        );
        for (const sibling of siblings.slice(0, 2)) {
          const edited = [...lines];
          edited[call.line - 1] = lines[call.line - 1]!.replace(
            new RegExp(`\\b${call.name}(\\s*\\()`),
            `${sibling.name}$1`,
          );
          if (edited[call.line - 1] === lines[call.line - 1]) continue;
          await tree.write(frame.file, join(edited));
          yield {
            key: 'python.lookup-function',
            summary:
              `look ${args[position]} up with ${sibling.name}(…) (takes ${sibling.params[position]}) instead ` +
              `of ${call.name}(…) (takes ${lookup.params[position]}) at ${frame.file}:${call.line}`,
            template: { recipe: 'python.lookup-function', from: call.name, to: sibling.name },
          };
        }
      }
    }
  },
};

// The call's argument texts (positional only; a keyword argument ends the list), or null.
function argumentsOf(lines: readonly string[], line: number, name: string): string[] | null {
  const text = lines[line - 1] ?? '';
  const at = new RegExp(`\\b${name}\\s*\\(`).exec(text);
  if (!at) return null;
  const open = at.index + at[0].length - 1;
  const close = closingParen(lines, line, open);
  if (!close) return null;
  const args = topLevelSplit(textBetween(lines, line - 1, open + 1, close))
    .map((a) => a.trim())
    .filter(Boolean);
  const positional: string[] = [];
  for (const arg of args) {
    if (/^\w+\s*=(?!=)/.test(arg) || arg.startsWith('*')) break;
    positional.push(arg);
  }
  return positional;
}

// `category_id`, `item.id`, or a parameter of the calling function annotated int.
function isIdArgument(arg: string, caller: FunctionSummary): boolean {
  const last = arg.split('.').at(-1)!;
  return ID_LIKE.test(last) || (/^\w+$/.test(arg) && caller.annotations[arg] === 'int');
}

// Same parameters but an id at `position`, and the same entity words once the `by_<key>` part is left out.
function fitsAsIdLookup(candidate: FunctionSummary, lookup: FunctionSummary, position: number): boolean {
  if (candidate.params.length !== lookup.params.length) return false;
  const at = candidate.params[position] ?? '';
  if (!ID_LIKE.test(at) && candidate.annotations[at] !== 'int') return false;
  if (candidate.params.some((p, i) => i !== position && p !== lookup.params[i])) return false;
  const entity = (name: string) => stems(name).filter((w) => w !== 'by' && w !== 'id' && !NATURAL_KEY.test(w));
  const own = entity(lookup.name);
  const theirs = entity(candidate.name);
  return own.length > 0 && own.length === theirs.length && own.every((w) => theirs.includes(w));
}
