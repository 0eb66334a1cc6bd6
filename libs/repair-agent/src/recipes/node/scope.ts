import type { JsFunction, JsModule } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';

// Globals a handler commonly names; a typo of one of them is as likely as of a local.
const GLOBALS = [
  'Array',
  'BigInt',
  'Boolean',
  'Buffer',
  'Date',
  'Error',
  'JSON',
  'Map',
  'Math',
  'Number',
  'Object',
  'Promise',
  'RegExp',
  'Set',
  'String',
  'Symbol',
  'TypeError',
  'URL',
  'URLSearchParams',
  'clearTimeout',
  'console',
  'crypto',
  'decodeURIComponent',
  'encodeURIComponent',
  'fetch',
  'globalThis',
  'isNaN',
  'parseFloat',
  'parseInt',
  'process',
  'queueMicrotask',
  'require',
  'module',
  'exports',
  'setImmediate',
  'setTimeout',
  'structuredClone',
  'undefined',
];

/** Every function of a module whose lines contain `line`, outermost first. */
export function enclosingFunctions(module: JsModule, line: number): JsFunction[] {
  return module.functions.filter((f) => f.line <= line && line <= f.endLine).sort((a, b) => a.start - b.start);
}

/** Names visible at a line: enclosing functions' params and locals, top-level bindings, imports, globals. */
export function namesInScope(module: JsModule, line: number): string[] {
  const local = enclosingFunctions(module, line).flatMap((f) => [...f.params, ...f.locals]);
  const imported = module.imports.flatMap((i) => i.names.map((n) => n.local));
  return [...local, ...module.defs.map((d) => d.name), ...imported, ...GLOBALS];
}

/** The module of the culprit, if it is a JavaScript file of the project. */
export async function culpritModule(node: NodeProject, file: string): Promise<JsModule | undefined> {
  return (await node.modules()).get(file);
}

/** `ReferenceError: x is not defined` → `x`. */
export function undefinedName(exception: { type: string; message: string } | null): string | null {
  if (exception?.type !== 'ReferenceError') return null;
  return /^([\w$]+) is not defined/.exec(exception.message)?.[1] ?? null;
}
