import type { JsMount } from '../../node/js-module.js';
import { mountedBinding } from '../../node/mount-bindings.js';
import type { NodeProject } from '../../node/node-project.js';

/**
 * What a mount mounts: a router or plugin (its module registers routes, or makes a `Router()`),
 * a terminal handler (an error handler with four parameters, or a 404 handler), or other middleware.
 */
export async function mountKind(
  node: NodeProject,
  tree: { read(p: string): Promise<string | null> },
  file: string,
  source: string,
  mount: JsMount,
): Promise<'router' | 'terminal' | 'middleware'> {
  const role = await mountRole(node, tree, file, source, mount);
  return role === 'not-found' || role === 'error' ? 'terminal' : role;
}

/**
 * mountKind with the two terminal handlers told apart: a catch-all that answers 404 to every
 * request reaching it (`not-found`, fewer than four parameters), and an error handler (`error`,
 * four), which a request without an error passes by.
 */
export async function mountRole(
  node: NodeProject,
  tree: { read(p: string): Promise<string | null> },
  file: string,
  source: string,
  mount: JsMount,
): Promise<'router' | 'not-found' | 'error' | 'middleware'> {
  const modules = await node.modules();
  for (const arg of mount.args) {
    if (/^(express|fastify)\b/.test(arg)) continue;
    const target = arg.startsWith('require:') || /^[\w$.]+$/.test(arg) ? await mountedBinding(node, file, arg) : null;
    if (target) {
      const module = modules.get(target.file);
      if (
        module?.defs.some((d) => d.name === target.local && /(^|\.)Router$/.test(d.calls ?? '')) ||
        module?.routes.some((r) => r.target === target.local || r.plugin === target.local)
      )
        return 'router';
      const fn = module?.functions.find((f) => f.name === target.local && !f.className);
      const text = fn ? ((await tree.read(target.file)) ?? '').slice(fn.start, fn.end) : '';
      const role = fn ? terminal(fn.params.length, text) : null;
      if (role) return role;
      continue;
    }
    // Written inline: `app.use((err, req, res, next) => …)`, `app.use((req, res) => res.status(404)…)`.
    const inline = source.slice(mount.start, mount.end);
    const params =
      /\(\s*((?:[\w$]+\s*,\s*)*[\w$]+)\s*\)\s*=>|function\s*[\w$]*\s*\(\s*((?:[\w$]+\s*,\s*)*[\w$]+)\s*\)/.exec(inline);
    const count = (params?.[1] ?? params?.[2] ?? '').split(',').filter((p) => p.trim()).length;
    const role = params ? terminal(count, inline) : null;
    if (role) return role;
  }
  return 'middleware';
}

function terminal(params: number, text: string): 'not-found' | 'error' | null {
  if (params === 4) return 'error';
  return /\b404\b|sendStatus\(\s*404|NotFound/.test(text) ? 'not-found' : null;
}
