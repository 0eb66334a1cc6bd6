// The app file's lines as node.body-parser-order reads them: the parser registrations, the mounts at
// a literal path, and a parser registered on a sub-router only (its scope too narrow for a mount
// beside it).

/** `app.use(express.json(…))`, `app.use(bodyParser.json())`, `app.use(json())`, `app.use(express.urlencoded(…))`. */
export const PARSER = (app: string): RegExp =>
  new RegExp(
    `^\\s*${app}\\.use\\(\\s*(?:express\\.|bodyParser\\.)?(?:json|urlencoded)` +
      String.raw`\((?:[^()]|\([^()]*\))*\)\s*\);?\s*$`,
  );
/** `app.use('/api/v1/sponsors', …)`: a mount at a literal path (group 2). */
export const MOUNT = (app: string): RegExp => new RegExp(`^\\s*${app}\\.use\\(\\s*(['"\`])(/[^'"\`]*)\\1\\s*,`);
/** A mount that brings its own body parser (`app.use('/hooks', express.raw(…), hooks)`) reads the body itself. */
export const OWN_PARSER = /\b(?:json|urlencoded|raw|text)\s*\(/;
// `const api = express.Router();` / `Router()`: a router the app file makes itself.
const ROUTER = /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:express\.)?Router\(/;

/**
 * Whether an endpoint path (`/api/items/{id}/notes`) is served under a mount path
 * (`/api/items/:itemId/notes`): every parameter, `{id}` or `:id`, stands for any one segment.
 */
export function underMount(path: string, mount: string): boolean {
  const p = path.replace(/\{[^}]+\}/g, ':p');
  const m = mount.replace(/:[A-Za-z_$][\w$]*\??/g, ':p').replace(/\/$/, '');
  return p === m || p.startsWith(`${m}/`);
}

/** Where a parser the app lacks goes, and its line. */
export interface ScopedParser {
  /** The line index the app-level parser is inserted at (just above the first failing mount). */
  readonly at: number;
  /** `app.use(express.json());`, the sub-router's own parser call registered on the app. */
  readonly line: string;
  readonly router: string;
}

/**
 * A body parser registered only on a sub-router the app file makes (`const api = express.Router();
 * api.use(express.json()); … app.use('/api', api)`), while a router mounted on the app before that
 * sub-router (`app.use('/api/items/:id/notes', notes)`), or outside its path, serves a failing write: Express runs the
 * sub-router's middleware only for the requests it handles, so the mount beside it sees `req.body`
 * undefined. The same parser registered on the app just above the first such mount parses for both
 * (a body already parsed is never parsed again). Null when the app registers no such sub-router
 * parser, mounts the sub-router nowhere, or no failing write is under such an app-level mount.
 */
export function routerScopedParser(
  lines: readonly string[],
  app: string,
  writes: readonly string[],
): ScopedParser | null {
  for (const declared of lines) {
    const router = ROUTER.exec(declared)?.[1];
    if (!router || router === app) continue;
    const parser = lines.findIndex((l) => PARSER(router).test(l));
    const mount = lines.findIndex((l) => new RegExp(`^\\s*${app}\\.use\\(.*,\\s*${router}\\s*\\);?\\s*$`).test(l));
    if (parser < 0 || mount < 0) continue;
    const routerPath = MOUNT(app).exec(lines[mount]!)?.[2] ?? '/';
    // A request under the sub-router's path that an app mount below it serves went through the
    // sub-router (and its parser) first; one above it, or outside that path, never did.
    const serving = lines.findIndex((l, i) => {
      const m = MOUNT(app).exec(l);
      if (!m || i === mount || OWN_PARSER.test(l.slice(m[0].length))) return false;
      return writes.some((w) => underMount(w, m[2]!) && (i < mount || !underMount(w, routerPath)));
    });
    if (serving < 0) continue;
    const indent = /^\s*/.exec(lines[serving]!)![0];
    const call = lines[parser]!.trim().replace(new RegExp(`^${router}\\.use`), `${app}.use`);
    return { at: serving, line: `${indent}${call}`, router };
  }
  return null;
}
