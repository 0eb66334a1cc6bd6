import { absoluteImportModule } from '../../python/module-names.js';
import type { ParsedModule } from '../../python/module-summary.js';

/** The exception classes PEP 249 requires every DB-API driver module to export (and `sqlalchemy.exc` wraps). */
export const PEP_249: ReadonlySet<string> = new Set([
  'Warning',
  'Error',
  'InterfaceError',
  'DatabaseError',
  'DataError',
  'OperationalError',
  'IntegrityError',
  'InternalError',
  'ProgrammingError',
  'NotSupportedError',
]);
// Driver modules that follow PEP 249 and export those names at their top level.
const DRIVERS = new Set([
  'sqlite3',
  'aiosqlite',
  'psycopg',
  'psycopg2',
  'pymysql',
  'MySQLdb',
  'mysql.connector',
  'pyodbc',
  'oracledb',
  'cx_Oracle',
]);

/**
 * The module a file that uses a PEP 249 exception (`except IntegrityError:`) without importing it
 * should import it from: `sqlalchemy.exc` when the file works through SQLAlchemy (it wraps the
 * driver's errors), else the one DB-API driver the file already imports (`from sqlite3 import
 * Connection`, `import psycopg2`). Neither, or two drivers: undefined, no certain module.
 */
export function dbApiExceptionModule(file: string, own: ParsedModule, name: string): string | undefined {
  if (!PEP_249.has(name)) return undefined;
  const used = new Set<string>();
  for (const imp of own.imports) {
    const modules = imp.kind === 'from' ? [absoluteImportModule(file, imp)] : imp.names.map((n) => n.name);
    for (const module of modules) used.add(module);
  }
  if ([...used].some((m) => m === 'sqlalchemy' || m.startsWith('sqlalchemy.'))) return 'sqlalchemy.exc';
  const drivers = new Set([...used].filter((m) => DRIVERS.has(m)));
  return drivers.size === 1 ? [...drivers][0] : undefined;
}
