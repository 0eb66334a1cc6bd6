import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../templates/python/test-support/python-context.js';
import { pythonMissingImport } from './missing-import.js';

async function repair(files: Record<string, string>, name: string, line: number) {
  const found = await candidatesOf(pythonMissingImport, {
    files,
    culprit: { file: 'app/service.py', line },
    exception: { type: 'NameError', message: `name '${name}' is not defined` },
  });
  return found[0] && { summary: found[0].summary, source: found[0].changed['app/service.py'] };
}

const service = (imports: string, body: string) =>
  `"""Orders."""\n${imports}\n\ndef handle(session, order):\n${body}\n`;

describe('python.missing-import of names the project does not define', () => {
  it('adds a standard-library name to the import line already there', async () => {
    const files = {
      'app/service.py': service('from datetime import datetime\n', '    return datetime.now() + timedelta(days=order)'),
    };
    const fixed = await repair(files, 'timedelta', 6);
    expect(fixed?.source).toContain('from datetime import datetime, timedelta\n');
    expect(fixed?.summary).toContain('standard library');
  });

  it('finds a name in a standard-library module the file already imports from', async () => {
    const files = {
      'app/service.py': service(
        'from decimal import Decimal\n',
        '    return Decimal(order).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)',
      ),
    };
    const fixed = await repair(files, 'ROUND_HALF_EVEN', 6);
    expect(fixed?.source).toContain('from decimal import Decimal, ROUND_HALF_EVEN\n');
    expect(fixed?.summary).toContain('standard library');
  });

  it('falls back on the curated exports when no module the project imports from has the name', async () => {
    const fixed = await repair({ 'app/service.py': service('', '    return timedelta(days=order)') }, 'timedelta', 5);
    expect(fixed?.source).toContain('from datetime import timedelta\n');
    expect(fixed?.summary).toContain('known export');
  });

  it('finds a name in a standard-library module another project module imports from', async () => {
    const files = {
      'app/stats.py': 'from collections import Counter\n\n\ndef tally(xs):\n    return Counter(xs)\n',
      'app/service.py': service('import logging\n', '    return defaultdict(list)'),
    };
    expect((await repair(files, 'defaultdict', 6))?.source).toContain('from collections import defaultdict\n');
  });

  it('imports nothing when no module the project imports from defines the name', async () => {
    const files = { 'app/service.py': service('from decimal import Decimal\n', '    return ROUND_SIDEWAYS') };
    expect(await repair(files, 'ROUND_SIDEWAYS', 6)).toBeUndefined();
  });

  it('imports a SQLAlchemy export when requirements.txt declares the package', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.115.12\nSQLAlchemy==2.0.40\n',
      'app/service.py': service(
        'from sqlalchemy import select\n',
        '    return session.scalars(select(order).order_by(desc(order.id)))',
      ),
    };
    expect((await repair(files, 'desc', 6))?.source).toContain('from sqlalchemy import desc, select\n');
  });

  it('copies the import another project module uses, in preference to the table', async () => {
    const files = {
      'app/errors.py': 'from starlette.exceptions import HTTPException\n\n\nclass Gone(HTTPException):\n    pass\n',
      'app/service.py': service('import logging\n', '    raise HTTPException(status_code=404)'),
    };
    const fixed = await repair(files, 'HTTPException', 6);
    expect(fixed?.source).toContain('import logging\nfrom starlette.exceptions import HTTPException\n');
    expect(fixed?.summary).toContain('imported elsewhere');
  });

  it('imports a whole standard module on its own line, after a docstring when there is no import', async () => {
    const files = { 'app/service.py': service('', '    return json.dumps(order)') };
    expect((await repair(files, 'json', 5))?.source).toBe(
      '"""Orders."""\nimport json\n\n\ndef handle(session, order):\n    return json.dumps(order)\n',
    );
  });

  it('does not import a third-party name the project does not depend on, nor a name nobody exports', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.115.12\n',
      'app/service.py': service('', '    return select(order)'),
    };
    expect(await repair(files, 'select', 5)).toBeUndefined();
    expect(
      await repair({ 'app/service.py': service('', '    return frobnicate(order)') }, 'frobnicate', 5),
    ).toBeUndefined();
  });
});

describe('python.missing-import of a DB-API exception', () => {
  const body =
    '    try:\n        session.execute("INSERT", order)\n    except IntegrityError:\n        raise Conflict()';

  it('imports it from the database driver the file works with', async () => {
    const files = { 'app/service.py': service('from sqlite3 import Connection, Row\n', body) };
    const fixed = await repair(files, 'IntegrityError', 8);
    expect(fixed?.source).toContain('from sqlite3 import Connection, IntegrityError, Row\n');
    expect(fixed?.summary).toContain('database driver');
    const whole = { 'app/service.py': service('import psycopg2\n', body) };
    expect((await repair(whole, 'IntegrityError', 8))?.source).toContain('from psycopg2 import IntegrityError\n');
  });

  it('imports it from sqlalchemy.exc when the file works through SQLAlchemy', async () => {
    const files = { 'app/service.py': service('import sqlite3\nfrom sqlalchemy import select\n', body) };
    expect((await repair(files, 'IntegrityError', 9))?.source).toContain('from sqlalchemy.exc import IntegrityError\n');
  });

  it('leaves it with no database module in the file, or two drivers', async () => {
    expect(await repair({ 'app/service.py': service('import logging\n', body) }, 'IntegrityError', 8)).toBeUndefined();
    const two = { 'app/service.py': service('import sqlite3\nimport psycopg2\n', body) };
    expect(await repair(two, 'IntegrityError', 9)).toBeUndefined();
  });
});
