import { z } from 'zod';

// The JSON the Python inspector prints for one module (python/inspector-source.ts), validated
// at the boundary like any other input.
const importSchema = z.object({
  line: z.number(),
  endLine: z.number(),
  kind: z.enum(['from', 'import']),
  module: z.string().nullable(),
  level: z.number(),
  names: z.array(z.object({ name: z.string(), asname: z.string().nullable() })),
});
const callSchema = z.object({
  name: z.string(),
  line: z.number(),
  col: z.number(),
  endLine: z.number(),
  endCol: z.number(),
  awaited: z.boolean(),
  text: z.string().nullable(),
  keywords: z.array(z.string()),
  starKwargs: z.array(z.string().nullable()),
});
const decoratorSchema = z.object({
  line: z.number(),
  endLine: z.number(),
  target: z.string(),
  method: z.string(),
  path: z.string().nullable(),
  keywords: z.record(z.string(), z.string().nullable()),
});
const functionSchema = z.object({
  name: z.string(),
  qualname: z.string(),
  line: z.number(),
  endLine: z.number(),
  bodyLine: z.number(),
  async: z.boolean(),
  params: z.array(z.string()),
  annotations: z.record(z.string(), z.string().nullable()),
  locals: z.array(z.string()),
  calls: z.array(callSchema),
  returns: z.array(z.object({ line: z.number(), endLine: z.number(), call: z.string().nullable() })),
  decorators: z.array(decoratorSchema),
});
const classSchema = z.object({
  name: z.string(),
  line: z.number(),
  endLine: z.number(),
  bases: z.array(z.string().nullable()),
  attributes: z.array(z.string()),
  methods: z.array(z.string()),
  initParams: z.array(z.string()).nullable(),
  /** Class attributes with a string default known statically (`api_prefix: str = "/api/v1"`). */
  defaults: z.record(z.string(), z.string()).optional(),
});

/** What the inspector knows about one Python module. */
export const moduleSummarySchema = z.union([
  z.object({
    path: z.string(),
    imports: z.array(importSchema),
    defs: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['function', 'class', 'variable']),
        line: z.number(),
        async: z.boolean(),
      }),
    ),
    classes: z.array(classSchema),
    functions: z.array(functionSchema),
    routers: z.array(
      z.object({ var: z.string(), line: z.number(), prefix: z.string(), prefixExpr: z.string().nullable().optional() }),
    ),
    apps: z.array(z.object({ var: z.string(), line: z.number() })),
    includes: z.array(
      z.object({
        line: z.number(),
        endLine: z.number(),
        target: z.string().nullable(),
        arg: z.string().nullable(),
        prefix: z.string().nullable(),
        /** A prefix that is no literal (`settings.api_prefix`), as written. */
        prefixExpr: z.string().nullable().optional(),
        /** One of the routers a loop mounts (`for r in (a.router, b.router): app.include_router(r)`). */
        looped: z.boolean().optional(),
      }),
    ),
    /** Module-level names bound to a string known statically (`=NAME` when bound to another name). */
    constants: z.record(z.string(), z.string()).optional(),
    /**
     * `router.add_api_route(path, endpoint, methods=[…], …)` at module level: the endpoint as written
     * (`handlers.create_x`).
     */
    routeCalls: z
      .array(
        z.object({
          line: z.number(),
          endLine: z.number(),
          target: z.string(),
          path: z.string(),
          endpoint: z.string(),
          methods: z.array(z.string()),
          keywords: z.record(z.string(), z.string().nullable()),
        }),
      )
      .optional(),
  }),
  z.object({ path: z.string(), error: z.string() }),
]);

/** One module's summary (or why it could not be read). */
export type ModuleSummary = z.infer<typeof moduleSummarySchema>;
/** A module that parsed. */
export type ParsedModule = Extract<ModuleSummary, { imports: unknown }>;
/** A function or method in a module. */
export type FunctionSummary = z.infer<typeof functionSchema>;
/** A class in a module. */
export type ClassSummary = z.infer<typeof classSchema>;
/** A call inside a function. */
export type CallSummary = z.infer<typeof callSchema>;
/** A route decorator (`@router.post("/x", status_code=201)`). */
export type RouteDecorator = z.infer<typeof decoratorSchema>;

/** Runs the inspector over module sources; an adapter, so recipes are tested with fakes. */
export interface PythonInspector {
  inspect(modules: readonly { path: string; source: string }[]): Promise<ModuleSummary[]>;
  /**
   * Which of `modules` (dotted names) are standard-library modules defining `name` at top level
   * (`decimal` for `ROUND_HALF_UP`); never imports anything else. Absent: no such knowledge.
   */
  standardExports?(modules: readonly string[], name: string): Promise<string[]>;
}
