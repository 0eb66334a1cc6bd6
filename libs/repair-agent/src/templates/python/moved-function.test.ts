import { describe, expect, it } from 'vitest';
import { pythonMovedFunction } from './moved-function.js';
import { candidatesOf } from './test-support/python-context.js';

const router = `from fastapi import APIRouter

from app import services
from app.pressing import ImplausibleYield

router = APIRouter()


@router.post("/sessions/{session_id}/press")
def record_pressing(session_id: int, litres: float):
    session = services.get_session(session_id)
    return services.record_pressing(session, litres)
`;
const services = 'def get_session(session_id):\n    return {"id": session_id}\n';
const pressing = (extra = '') =>
  'class ImplausibleYield(Exception):\n    pass\n\n\n' +
  `def record_pressing(session, litres):\n    return session\n${extra}`;
const missing = { type: 'AttributeError', message: "module 'app.services' has no attribute 'record_pressing'" };

async function run(files: Record<string, string>, exception = missing) {
  const found = await candidatesOf(pythonMovedFunction, {
    files: { 'app/__init__.py': '', 'app/services.py': services, 'app/pressing.py': pressing(), ...files },
    culprit: { file: 'app/routers/sessions.py', line: 13 },
    exception,
  });
  return found.map((c) => c.changed['app/routers/sessions.py']);
}

describe('python.moved-function', () => {
  it('calls the function through the one module that defines it, imported as a module', async () => {
    const fixed = router
      .replace('from app import services\n', 'from app import pressing, services\n')
      .replace('services.record_pressing(', 'pressing.record_pressing(');
    expect(await run({ 'app/routers/sessions.py': router })).toEqual([fixed]);
  });

  it('leaves a name two modules define, one only tests define, a taken module name, a stdlib module', async () => {
    const twice = { 'app/routers/sessions.py': router, 'app/legacy.py': 'def record_pressing(s, l):\n    return s\n' };
    expect(await run(twice)).toEqual([]);
    const onlyTests = {
      'app/routers/sessions.py': router,
      'app/pressing.py': 'class ImplausibleYield(Exception):\n    pass\n',
      'tests/test_press.py': 'def record_pressing():\n    pass\n',
    };
    expect(await run(onlyTests)).toEqual([]);
    const taken = router.replace('    session = services', '    pressing = 1\n    session = services');
    expect(await run({ 'app/routers/sessions.py': taken })).toEqual([]);
    const external = { type: 'AttributeError', message: "module 'json' has no attribute 'record_pressing'" };
    expect(await run({ 'app/routers/sessions.py': router }, external)).toEqual([]);
  });
});
