import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonNotNullColumn } from './not-null-column.js';
import { allCandidates, templateContext } from './test-support/summarise.js';

const trace = (...frames: [string, number][]) => ({ trace: { frames: frames.map(([file, line]) => ({ file: `/app/${file}`, line, inApp: true })) } as unknown as RootCause['trace'] });

describe('python.not-null-column', () => {
  const models = 'class Task(Base):\n    __tablename__ = "tasks"\n\n    id: Mapped[int] = mapped_column(primary_key=True)\n    title: Mapped[str]\n    priority: Mapped[int] = mapped_column(nullable=False)\n';
  const schemas = 'class TaskCreate(BaseModel):\n    title: str\n    priority_level: int\n';
  const service = 'from .models import Task\n\n\ndef add_task(repo, project_id: int, payload: TaskCreate):\n    task = Task(title=payload.title)\n    return repo.save(task)\n';
  const repository = 'class Repository:\n    def save(self, task):\n        self.db.add(task)\n        self.db.commit()\n        return task\n';

  it('sets the NOT NULL column from the request field that names it, in the create on the trace (SQLite)', async () => {
    const context = templateContext({ 'app/models.py': models, 'app/schemas.py': schemas, 'app/service.py': service, 'app/repository.py': repository }, {
      cause: trace(['app/service.py', 6], ['app/repository.py', 4]),
      culprit: { file: 'app/repository.py', line: 4 },
      exception: { type: 'sqlalchemy.exc.IntegrityError', message: '(sqlite3.IntegrityError) NOT NULL constraint failed: tasks.priority' },
    });
    const [only, ...rest] = await allCandidates(pythonNotNullColumn, context, 'app/service.py');
    expect(rest).toEqual([]);
    expect(only?.source).toBe(service.replace('Task(title=payload.title)', 'Task(title=payload.title, priority=payload.priority_level)'));
  });

  it("reads Postgres' message and adds the keyword on its own line to a multi-line constructor", async () => {
    const users = 'class User(Base):\n    __tablename__ = "users"\n\n    id: Mapped[int] = mapped_column(primary_key=True)\n    name: Mapped[str]\n    email: Mapped[str]\n';
    const route = [
      '@router.post("/users")',
      'def create_user(body: UserCreate, db: Session = Depends(get_db)):',
      '    user = User(',
      '        name=body.name',
      '    )',
      '    db.add(user)',
      '    db.commit()',
      '    return user',
      '',
    ].join('\n');
    const context = templateContext({ 'app/models.py': users, 'app/schemas.py': 'class UserCreate(BaseModel):\n    name: str\n    email_address: str\n', 'app/routes.py': route }, {
      cause: trace(['app/routes.py', 7]),
      culprit: { file: 'app/routes.py', line: 7 },
      exception: { type: 'sqlalchemy.exc.IntegrityError', message: '(psycopg2.errors.NotNullViolation) null value in column "email" of relation "users" violates not-null constraint' },
    });
    const [only] = await allCandidates(pythonNotNullColumn, context, 'app/routes.py');
    expect(only?.source).toBe(route.replace('        name=body.name\n', '        name=body.name,\n        email=body.email_address,\n'));
  });

  it('proposes nothing when no request field names the column', async () => {
    const context = templateContext({ 'app/models.py': models, 'app/schemas.py': 'class TaskCreate(BaseModel):\n    title: str\n    notes: str\n', 'app/service.py': service, 'app/repository.py': repository }, {
      cause: trace(['app/service.py', 6], ['app/repository.py', 4]),
      culprit: { file: 'app/repository.py', line: 4 },
      exception: { type: 'sqlalchemy.exc.IntegrityError', message: '(sqlite3.IntegrityError) NOT NULL constraint failed: tasks.priority' },
    });
    expect(await allCandidates(pythonNotNullColumn, context, 'app/service.py')).toEqual([]);
  });
});
