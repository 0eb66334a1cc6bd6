/**
 * Which modules of a Python project may hold its FastAPI app object: those that use FastAPI and
 * bind a module-level name, entry-point names first. Pure: the caller reads the files.
 */

const SKIPPED_DIRS = /(^|\/)(\.[^/]*|venv|env|node_modules|site-packages|__pycache__|tests?|migrations|alembic)\//;
const ENTRY_NAMES = ['main', 'app', 'server', 'api', 'asgi', 'application', '__init__'];
/** At most this many modules are imported: each import runs the module's top-level code. */
const MAX_MODULES = 6;

/** Dotted module names (`app.main`) of the files that may define the FastAPI app, best first. */
export function fastApiModules(sources: ReadonlyMap<string, string>): string[] {
  const found: { module: string; rank: number; depth: number }[] = [];
  for (const [path, text] of sources) {
    if (!path.endsWith('.py') || SKIPPED_DIRS.test(path) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path))
      continue;
    if (!/\bFastAPI\b/.test(text) || !/^[A-Za-z_]\w*\s*(:[^=\n]+)?=/m.test(text)) continue;
    const parts = path.slice(0, -3).split('/');
    if (!parts.every((part) => /^[A-Za-z_]\w*$/.test(part))) continue;
    const base = parts[parts.length - 1]!;
    if (base === '__init__') parts.pop();
    if (parts.length === 0) continue;
    const rank = ENTRY_NAMES.indexOf(base);
    // A module that calls FastAPI(...) at top level, or binds the result of a factory, ranks by its name.
    found.push({ module: parts.join('.'), rank: rank === -1 ? ENTRY_NAMES.length : rank, depth: parts.length });
  }
  return found
    .sort((a, b) => a.rank - b.rank || a.depth - b.depth || a.module.localeCompare(b.module))
    .slice(0, MAX_MODULES)
    .map((f) => f.module);
}

/**
 * Imports each module named in argv and prints the OpenAPI document of the first FastAPI
 * instance bound at its top level; exit 3 when there is none.
 */
export const FASTAPI_OPENAPI_SCRIPT = `
import importlib, json, sys, os
sys.path.insert(0, os.getcwd())
from fastapi import FastAPI
for name in sys.argv[1:]:
    try:
        module = importlib.import_module(name)
    except Exception as error:
        print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
        continue
    for value in list(vars(module).values()):
        if isinstance(value, FastAPI):
            sys.stdout.write(json.dumps(value.openapi()))
            sys.exit(0)
print("no FastAPI instance at the top level of " + ", ".join(sys.argv[1:]), file=sys.stderr)
sys.exit(3)
`;
