import { nodeProjectFor } from '../../node/node-project.js';
import { findApps } from '../../node/js-routes.js';
import type { RepairTemplate } from '../template.js';
import { MOUNT, OWN_PARSER, PARSER, routerScopedParser, underMount } from './body-parser-scope.js';

const ID = 'node.body-parser-order';
// A body read that found nothing: `req.body` was never parsed.
const UNDEFINED_READ =
  /^Cannot (?:read properties of undefined|destructure property '[^']+' of '[^']*' as it is undefined)/;
/**
 * Express parses a JSON body only for what is registered after `app.use(express.json())`: a router
 * mounted above it (`app.use('/api/v1/sponsors', sponsors)` then the parser) sees `req.body`
 * undefined, and its handler fails reading it (`Cannot read properties of undefined`) → the body
 * parsers move up to just before the first such mount the failing write is under (one above it,
 * say a webhook reading the raw body, keeps what it gets). Only for a write (POST, PUT,
 * PATCH) of an endpoint under such a mount, with the parser and the mounts one statement a line in
 * the app's file. The same order refused as invalid (a 400/422 where the contract documents a
 * success: the validator saw no body) is repaired the same way; a mount with a parser of its own
 * on its line is never one of them. A parser registered only on a sub-router the app file makes
 * (`api.use(express.json())`, `app.use('/api', api)`) while a router mounted on the app above it serves
 * the failing write: the app registers that parser itself, above that mount (`#scope`).
 */
export const nodeBodyParserOrder: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'register the JSON body parser before the routers mounted above it',
  evidence: { kinds: ['runtime_error', 'crash', 'status_mismatch'] },
  async *candidates({ cause, exception, tree, node: given }) {
    const endpoints =
      cause.kind === 'status_mismatch'
        ? cause.violations
            .filter((v) => (v.actualStatus === 400 || v.actualStatus === 422) && (v.expectedStatus ?? 200) < 300)
            .map((v) => v.endpoint)
        : exception?.type === 'TypeError' && UNDEFINED_READ.test(exception.message)
          ? cause.endpoints
          : [];
    const writes = endpoints
      .map((e) => /^(POST|PUT|PATCH)\s+(\S+)$/.exec(e))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m[2]!);
    if (writes.length === 0) return;
    for (const app of await findApps(given ?? nodeProjectFor(tree))) {
      if (app.framework !== 'express') continue;
      const source = await tree.read(app.file);
      if (source === null) continue;
      const lines = source.split('\n');
      const parsers = lines.flatMap((l, i) => (PARSER(app.name).test(l) ? [i] : []));
      if (parsers.length === 0) {
        // The parser registered on a sub-router only (body-parser-scope.ts): the app registers it too.
        const scoped = routerScopedParser(lines, app.name, writes);
        if (!scoped) continue;
        await tree.write(app.file, [...lines.slice(0, scoped.at), scoped.line, ...lines.slice(scoped.at)].join('\n'));
        yield {
          key: `${ID}#scope`,
          summary:
            `register ${scoped.line.trim()} on the app, not only on ${scoped.router}, ` +
            `before ${lines[scoped.at]!.trim()}`,
          template: { recipe: `${ID}#scope` },
        };
        return;
      }
      const mounts = lines.flatMap((l, i) => {
        const m = MOUNT(app.name).exec(l);
        return m && i < parsers[0]! && !OWN_PARSER.test(l.slice(m[0].length)) ? [{ at: i, path: m[2]! }] : [];
      });
      // Just above the first mount a failing write is under: a mount above it (a webhook reading the
      // raw body) keeps what it gets.
      const serving = mounts.filter((m) => writes.some((w) => underMount(w, m.path)));
      if (serving.length === 0) continue;
      const first = serving[0]!.at;
      const moved = parsers.filter((p) => p > first).map((p) => lines[p]!);
      const kept = lines.filter((_, i) => !(i > first && parsers.includes(i)));
      const indent = /^\s*/.exec(lines[first]!)![0];
      kept.splice(first, 0, ...moved.map((l) => `${indent}${l.trim()}`));
      await tree.write(app.file, kept.join('\n'));
      yield {
        key: ID,
        summary: `register ${moved.map((l) => l.trim()).join(' ')} before ${lines[first]!.trim()} in ${app.file}`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
