import { lineText, offsetOf } from '../../node/js-edits.js';
import type { JsFunction } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { HelperSwap } from './status-helper.js';

/**
 * A handler a status factory made (`const record = reply.ok((req) => …)`, the helper module having
 * `ok: withStatus(200)` beside `created: withStatus(201)`, or `const ok = withStatus(200)`): the
 * sibling the same factory makes with the documented status → its name at the call. Anything less
 * certain (no sibling, two, another factory): none.
 */
export async function statusFactorySwap(
  node: NodeProject,
  tree: SourceTree,
  file: string,
  handler: JsFunction,
  status: { actual: number; expected: number },
): Promise<HelperSwap | null> {
  const module = (await node.modules()).get(file);
  const source = await tree.read(file);
  const def = module?.defs.find((d) => d.kind === 'variable' && d.calls !== undefined && d.line === handler.line);
  if (!module || source === null || !def?.calls) return null;
  const parts = def.calls.split('.');
  if (parts.length > 2) return null;
  const [head, member] = parts as [string, string | undefined];
  const binding = module.imports.flatMap((i) => i.names.map((n) => ({ i, n }))).find(({ n }) => n.local === head);
  const helperFile = binding ? await node.resolve(file, binding.i.source) : file;
  const name = member ?? (binding && binding.n.imported !== '*' ? binding.n.imported : head);
  const helper = helperFile ? await tree.read(helperFile) : null;
  if (helper === null) return null;
  const made = new Map<string, { factory: string; status: number }>();
  const entry =
    /(?:^|[\s,{;])(?:(?:module\.)?exports\.)?([A-Za-z_$][\w$]*)\s*[:=]\s*([A-Za-z_$][\w$]*)\(\s*(\d{3})\s*\)/g;
  for (const m of helper.matchAll(entry)) made.set(m[1]!, { factory: m[2]!, status: Number(m[3]) });
  const own = made.get(name);
  if (!own || own.status !== status.actual) return null;
  const siblings = [...made].filter(([, v]) => v.factory === own.factory && v.status === status.expected);
  if (siblings.length !== 1) return null;
  const sibling = siblings[0]![0];
  // `reply.ok` → `reply.created`, a factory of this file → its sibling here; an imported `ok`
  // (perhaps as `success`) → the sibling only when the file already imports it, by its local name.
  const replacement =
    member !== undefined || !binding
      ? sibling
      : module.imports.find((i) => i.source === binding.i.source)?.names.find((n) => n.imported === sibling)?.local;
  if (replacement === undefined) return null;
  const callee = member ?? head;
  const lineStart = offsetOf(source, def.line);
  const at = lineText(source, def.line).indexOf(`${def.calls}(`);
  if (at < 0) return null;
  const start = lineStart + at + def.calls.length - callee.length;
  return { start, end: start + callee.length, name: replacement };
}
