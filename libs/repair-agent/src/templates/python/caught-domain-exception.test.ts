import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonCaughtDomainException } from './caught-domain-exception.js';
import { candidatesOf } from './test-support/python-context.js';
import { operation } from './test-support/summarise.js';

const service = (raise: string) =>
  'class KennelNotFound(Exception):\n    pass\n\n\nclass KennelFull(Exception):\n    pass\n\n\n' +
  'def create_dog(db, payload):\n    kennel = db.get(Kennel, payload.kennel_id)\n    if kennel is None:\n' +
  '        raise KennelNotFound(payload.kennel_id)\n    if kennel.occupied >= kennel.capacity:\n' +
  `        ${raise}\n    return Dog(**payload.model_dump())\n`;
const router = (except: string) =>
  'from app.services import dogs as service\n\n\ndef create_dog(payload, db):\n    try:\n' +
  '        return service.create_dog(db, payload)\n    except service.KennelNotFound:\n' +
  '        raise HTTPException(status_code=404, detail="Kennel not found")\n' +
  `    except service.${except}:\n        raise HTTPException(status_code=409, detail="Kennel is at capacity")\n`;
const documented = operation('POST /dogs', { '201': { type: 'object' }, '404': null, '409': null });
const run = (raise: string, except = 'KennelFull') =>
  candidatesOf(pythonCaughtDomainException, {
    files: { 'app/services/dogs.py': service(raise), 'app/routers/dogs.py': router(except) },
    cause: {
      trace: {
        frames: [
          { file: '/app/app/routers/dogs.py', line: 6, inApp: true },
          { file: '/app/app/services/dogs.py', line: 14, inApp: true },
        ],
      },
    } as unknown as Partial<RootCause>,
    culprit: { file: 'app/services/dogs.py', line: 14 },
    exception: { type: 'ValueError', message: 'Kennel Birch is at capacity (3)' },
    operation: documented,
  });

describe('python.caught-domain-exception', () => {
  it("raises the project's exception the caller answers 409, message kept", async () => {
    const plain = 'raise ValueError(f"Kennel {kennel.name} is at capacity ({kennel.capacity})")';
    const found = await run(plain);
    expect(found.map((f) => f.key)).toEqual(['python.caught-domain-exception#409']);
    expect(found[0]!.changed['app/services/dogs.py']).toBe(service(plain.replace('ValueError', 'KennelFull')));
  });

  it('leaves a raise no caller maps to a documented refusal, and a class the module does not bind', async () => {
    const plain = 'raise ValueError("full")';
    expect(await run(plain, 'KennelClosed')).toEqual([]);
  });
});
