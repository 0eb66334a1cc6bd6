import type { FunctionSummary, ParsedModule, PythonInspector } from '../module-summary.js';

type Import = ParsedModule['imports'][number];
type Include = ParsedModule['includes'][number];

/** A parsed module summary with every list empty unless given. */
export function parsedModule(path: string, parts: Partial<Omit<ParsedModule, 'path'>> = {}): ParsedModule {
  return { path, imports: [], defs: [], classes: [], functions: [], routers: [], apps: [], includes: [], ...parts };
}

/** `from <module> import <names>` on one line (`level` dots for a relative import). */
export function fromImport(line: number, module: string | null, names: readonly string[], level = 0): Import {
  return { line, endLine: line, kind: 'from', module, level, names: names.map((name) => ({ name, asname: null })) };
}

/** `<target>.include_router(<arg>[, prefix=…])` on one line. */
export function include(line: number, target: string, arg: string, prefix: string | null = null): Include {
  return { line, endLine: line, target, arg, prefix };
}

/** A handler decorated with `@<target>.<method>(<path>)`, on the line after its decorator. */
export function routeHandler(
  name: string,
  line: number,
  target: string,
  method: string,
  path: string,
): FunctionSummary {
  return {
    name,
    qualname: name,
    line: line + 1,
    endLine: line + 2,
    bodyLine: line + 2,
    async: false,
    params: [],
    annotations: {},
    locals: [],
    calls: [],
    returns: [],
    decorators: [{ line, endLine: line, target, method, path, keywords: {} }],
  };
}

/** An inspector answering from prepared summaries (by path), as the real one would for those sources. */
export function fakeInspector(modules: readonly ParsedModule[]): PythonInspector {
  return {
    inspect: async (requested) => requested.map((r) => modules.find((m) => m.path === r.path) ?? parsedModule(r.path)),
  };
}
