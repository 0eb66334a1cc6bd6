import { describe, expect, it } from 'vitest';
import { candidatesOf } from './test-support/python-context.js';
import { pythonUnaddedObject } from './unadded-object.js';

const models = `class Base(DeclarativeBase):
    pass


class Lesson(Base):
    __tablename__ = "lessons"
`;
const routes = `@router.post("/courses/{course_id}/lessons", status_code=201)
def add_lesson(course_id: int, payload: LessonCreate, db: Session = Depends(get_db)):
    course = course_or_404(db, course_id)
    lesson = Lesson(
        course_id=course.id,
        title=payload.title,
    )
    lesson.position = next_position(db, course.id)
    db.commit()
    db.refresh(lesson)
    return lesson
`;
const message = "Instance '<Lesson at 0x7f01c2ab3d90>' is not persistent within this Session";

async function run(source: string, line = source.split('\n').indexOf('    db.refresh(lesson)') + 1) {
  const found = await candidatesOf(pythonUnaddedObject, {
    files: { 'app/models.py': models, 'app/lessons.py': source },
    culprit: { file: 'app/lessons.py', line },
    exception: { type: 'sqlalchemy.exc.InvalidRequestError', message },
  });
  return found.map((c) => c.changed['app/lessons.py']);
}

describe('python.unadded-object', () => {
  it('adds the object built and committed in a handler to the session before the commit', async () => {
    expect(await run(routes)).toEqual([routes.replace('    db.commit()\n', '    db.add(lesson)\n    db.commit()\n')]);
  });

  it('adds it before an awaited commit of an async session, in a nested block', async () => {
    const nested = `async def save_lesson(self, title: str):
    async with self.lock:
        lesson = Lesson(title=title)
        await self.session.commit()
        await self.session.refresh(lesson)
        return lesson
`;
    expect(await run(nested, 5)).toEqual([
      nested.replace(
        '        await self.session.commit()',
        '        self.session.add(lesson)\n        await self.session.commit()',
      ),
    ]);
  });

  it('leaves an object handed on, one from a query, a refresh with no commit before it', async () => {
    expect(
      await run(routes.replace('    lesson.position =', '    course.lessons.append(lesson)\n    lesson.position =')),
    ).toEqual([]);
    expect(await run(routes.replace('    lesson = Lesson(', '    lesson = find_lesson(db,'))).toEqual([]);
    expect(
      await run(routes.replace('    db.commit()\n    db.refresh(lesson)', '    db.refresh(lesson)\n    db.commit()')),
    ).toEqual([]);
    expect(await run(routes.replace('course.id)\n', 'course.id)\n    lesson = other\n'))).toEqual([]);
  });
});
