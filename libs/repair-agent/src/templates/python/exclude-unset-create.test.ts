import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonExcludeUnsetCreate } from './exclude-unset-create.js';
import { candidatesOf } from './test-support/python-context.js';

const trace = (...frames: [string, number][]) => ({
  trace: {
    frames: frames.map(([file, line]) => ({ file: `/app/${file}`, line, inApp: true })),
  } as unknown as RootCause['trace'],
});

describe('python.exclude-unset-create', () => {
  const models =
    'class Crew(Base):\n    __tablename__ = "crews"\n\n' +
    '    id: Mapped[int] = mapped_column(primary_key=True)\n    name: Mapped[str]\n' +
    '    joined_on: Mapped[date] = mapped_column(nullable=False)\n';
  const schemas = (joined: string) =>
    'class CrewCreate(BaseModel):\n    name: str = Field(min_length=1)\n' + `    joined_on: date${joined}\n`;
  // The handler: the dump on line 3 of its body, the commit on line 9 of the module (the return when inline).
  const router = (dump: string, create = '    crew = Crew(**values)\n') =>
    'from app.models import Crew\n\n\n@router.post("", status_code=201)\n' +
    'def create_crew(payload: CrewCreate, db: Session = Depends(get_db)):\n' +
    `${dump}${create}    db.add(crew)\n    db.commit()\n    return crew\n`;
  const run = (schema: string, handler: string) =>
    candidatesOf(pythonExcludeUnsetCreate, {
      files: { 'app/models.py': models, 'app/schemas.py': schema, 'app/routers/crews.py': handler },
      cause: trace(['app/routers/crews.py', 9]),
      culprit: { file: 'app/routers/crews.py', line: 9 },
      exception: {
        type: 'sqlalchemy.exc.IntegrityError',
        message: '(sqlite3.IntegrityError) NOT NULL constraint failed: crews.joined_on',
      },
    });

  it('dumps the whole request when the schema defaults the NOT NULL column (a local, other options kept)', async () => {
    const dump = '    values = payload.model_dump(exclude_unset=True, exclude={"note"})\n';
    const found = await run(schemas(' = Field(default_factory=date.today)'), router(dump));
    expect(found.map((c) => c.key)).toEqual(['python.exclude-unset-create']);
    expect(found[0]!.changed['app/routers/crews.py']).toBe(
      router('    values = payload.model_dump(exclude={"note"})\n'),
    );
  });

  it('fixes an inline dump into the constructor, for a plain default', async () => {
    const inline = router('', '    crew = Crew(**payload.model_dump(exclude_unset=True))\n');
    const found = await run(schemas(' = date(2026, 1, 1)'), inline);
    expect(found[0]!.changed['app/routers/crews.py']).toBe(router('', '    crew = Crew(**payload.model_dump())\n'));
  });

  it('leaves a field the schema requires, and a dump that does not reach the model', async () => {
    const dump = '    values = payload.model_dump(exclude_unset=True)\n';
    expect(await run(schemas(''), router(dump))).toEqual([]);
    expect(await run(schemas(' = Field(..., description="day")'), router(dump))).toEqual([]);
    const elsewhere = router(dump, '    audit(values)\n    crew = Crew(name=payload.name)\n');
    expect(await run(schemas(' = Field(default_factory=date.today)'), elsewhere)).toEqual([]);
  });
});
