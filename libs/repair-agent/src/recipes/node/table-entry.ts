import type { JsModule, JsMount } from '../../node/js-module.js';
import { mountedBinding } from '../../node/mount-bindings.js';
import type { NodeProject } from '../../node/node-project.js';

/**
 * The table a loop mounts its routers from, with one more entry after `last` (written like it:
 * `['/stats', statsRoutes],` after `['/tickets', ticketsRoutes],`), mounting `binding` at `prefix`.
 */
export function addTableEntry(
  source: string,
  last: NonNullable<JsMount['entry']>,
  prefix: string,
  binding: string,
): string {
  const quote =
    source[last.prefix.start] === '"' || source[last.prefix.start] === '`' ? source[last.prefix.start]! : "'";
  const path = `${quote}${prefix || '/'}${quote}`;
  // Replace the later of the two first, so the earlier offsets hold.
  const parts = [
    { start: last.prefix.start, end: last.prefix.end, text: path },
    { start: last.arg.start, end: last.arg.end, text: binding },
  ].sort((a, b) => b.start - a.start);
  let entry = source.slice(last.start, last.end);
  for (const part of parts)
    entry = entry.slice(0, part.start - last.start) + part.text + entry.slice(part.end - last.start);
  const trailing = /^\s*,/.exec(source.slice(last.end))?.[0] ?? '';
  const lineStart = source.lastIndexOf('\n', last.start - 1) + 1;
  const ownLine = /^\s*$/.test(source.slice(lineStart, last.start));
  const separator = ownLine ? `\n${source.slice(lineStart, last.start)}` : ' ';
  if (trailing) {
    const at = last.end + trailing.length;
    return `${source.slice(0, at)}${separator}${entry},${source.slice(at)}`;
  }
  return `${source.slice(0, last.end)},${separator}${entry}${source.slice(last.end)}`;
}

/**
 * The module already imports the router `owner` (its binding is there, only the mount is
 * missing): the module that mounts its siblings from a table is where it belongs.
 */
export async function importsOwner(
  node: NodeProject,
  file: string,
  module: JsModule,
  owner: { file: string; name: string },
): Promise<boolean> {
  for (const imp of module.imports) {
    for (const name of imp.names) {
      const bound = await mountedBinding(node, file, name.local);
      if (bound && bound.file === owner.file && bound.local === owner.name) return true;
    }
  }
  return false;
}
