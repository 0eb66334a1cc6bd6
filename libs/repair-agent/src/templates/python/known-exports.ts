/**
 * Well-known exports of the standard library and of the FastAPI / SQLAlchemy / pydantic stack
 * that generated apps use without importing. A name maps to one module only when that is where
 * nearly every app imports it from; `package` (the distribution) is set for third-party modules,
 * which are imported only when the project depends on one of its `packages`.
 */
export interface KnownExport {
  /** The module to import from; equal to the name for a module imported whole (`import json`). */
  readonly module: string;
  /** Distributions any of which brings the module (pydantic comes with fastapi); absent for the standard library. */
  readonly packages?: readonly string[];
}

const from = (module: string, names: readonly string[], packages?: readonly string[]): [string, KnownExport][] =>
  names.map((name) => [name, packages ? { module, packages } : { module }]);

/** Name → where it is imported from. */
export const KNOWN_EXPORTS: Readonly<Record<string, KnownExport>> = Object.freeze(
  Object.fromEntries([
    ...from('datetime', ['datetime', 'timedelta', 'timezone', 'date']),
    ...from('decimal', ['Decimal']),
    ...from('uuid', ['uuid4', 'UUID']),
    ...from('typing', ['Optional', 'List', 'Dict', 'Any', 'Union']),
    ...(['json', 're', 'math', 'uuid', 'logging'] as const).map((m): [string, KnownExport] => [m, { module: m }]),
    ...from(
      'fastapi',
      ['HTTPException', 'status', 'Depends', 'Query', 'Path', 'Body', 'APIRouter', 'Request', 'Response'],
      ['fastapi'],
    ),
    ...from('fastapi.responses', ['JSONResponse'], ['fastapi']),
    ...from('fastapi.encoders', ['jsonable_encoder'], ['fastapi']),
    ...from('sqlalchemy', ['select', 'func', 'desc', 'asc', 'and_', 'or_', 'update', 'delete'], ['sqlalchemy']),
    ...from('sqlalchemy.orm', ['Session'], ['sqlalchemy']),
    ...from('pydantic', ['BaseModel', 'Field', 'ConfigDict'], ['pydantic', 'fastapi']),
  ]),
);
