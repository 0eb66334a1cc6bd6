import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonNotNullColumn } from './not-null-column.js';
import { candidatesOf } from './test-support/python-context.js';

const models =
  'class Fitting(Base):\n    __tablename__ = "fittings"\n\n    id: Mapped[int] = mapped_column(primary_key=True)\n' +
  '    order_id: Mapped[int]\n    fitter_name: Mapped[str] = mapped_column(nullable=False)\n' +
  '    notes: Mapped[str | None]\n';
const schemas = 'class FittingCreate(BaseModel):\n    fitter: str\n    notes: str | None = None\n';
const router = (expansion: string) =>
  'def record_fitting(payload: FittingCreate, order_id: int, db: Session = Depends(get_db)):\n' +
  '    data = payload.model_dump()\n' +
  `    fitting = Fitting(order_id=order_id, **${expansion})\n` +
  '    db.add(fitting)\n    db.commit()\n    return fitting\n';
const run = (expansion: string) =>
  candidatesOf(pythonNotNullColumn, {
    files: { 'app/models.py': models, 'app/schemas.py': schemas, 'app/routers/fittings.py': router(expansion) },
    cause: {
      trace: { frames: [{ file: '/app/app/routers/fittings.py', line: 5, inApp: true }] },
    } as unknown as Partial<RootCause>,
    culprit: { file: 'app/routers/fittings.py', line: 5 },
    exception: {
      type: 'sqlalchemy.exc.IntegrityError',
      message: '(sqlite3.IntegrityError) NOT NULL constraint failed: fittings.fitter_name',
    },
  });

describe('python.not-null-column beside a ** expansion', () => {
  it('passes the column from its request field beside an expansion kept to the model’s own keys', async () => {
    const kept = '{k: v for k, v in data.items() if hasattr(Fitting, k)}';
    const found = await run(kept);
    expect(found.map((f) => f.key)).toEqual(['python.not-null-column#request-field']);
    expect(found[0]!.changed['app/routers/fittings.py']).toBe(
      router(kept).replace(`**${kept})`, `**${kept}, fitter_name=payload.fitter)`),
    );
  });

  it('leaves a call expanding the whole request, which may carry the column itself', async () => {
    expect(await run('data')).toEqual([]);
  });
});
