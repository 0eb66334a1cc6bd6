import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonItemResponseModel } from './item-response-model.js';
import { candidatesOf } from './test-support/python-context.js';

const listError = '1 validation errors:';

async function run(files: Record<string, string>, endpoint: string, file: string, operation?: ApiOperation) {
  const found = await candidatesOf(pythonItemResponseModel, {
    files,
    ...(operation ? { operation } : {}),
    exception: { type: 'fastapi.exceptions.ResponseValidationError', message: listError },
    cause: { kind: 'runtime_error', endpoints: [endpoint] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed[file]);
}

describe('python.item-response-model', () => {
  const flat = `from fastapi import FastAPI

app = FastAPI()


@app.get("/harvests", response_model=list[HarvestRead])
def list_harvests():
    return [harvest_out(h) for h in all_harvests()]


@app.get("/harvests/{harvest_id}", response_model=list[HarvestRead], responses={404: {"description": "Harvest not \
found"}})
def get_harvest(harvest_id: int):
    harvest = find(harvest_id)
    return harvest_out(harvest)
`;

  it('the single-resource route of an app gets the item model its collection lists', async () => {
    expect(await run({ 'app/main.py': flat }, 'GET /harvests/{harvest_id}', 'app/main.py')).toEqual([
      flat.replace(
        '"/harvests/{harvest_id}", response_model=list[HarvestRead]',
        '"/harvests/{harvest_id}", response_model=HarvestRead',
      ),
    ]);
  });

  it('a router with a prefix, the decorator over several lines, List[...]', async () => {
    const routes = `from typing import List

from fastapi import APIRouter

router = APIRouter(prefix="/notes")


@router.get("", response_model=List[NoteOut])
def list_notes():
    return repo.all()


@router.get(
    "/{note_id}",
    response_model=List[NoteOut],
)
def get_note(note_id: int):
    return repo.get(note_id)
`;
    const main =
      'from fastapi import FastAPI\n\nfrom app.notes import router\n\napp = FastAPI()\napp.include_router(router)\n';
    expect(await run({ 'app/main.py': main, 'app/notes.py': routes }, 'GET /notes/{note_id}', 'app/notes.py')).toEqual([
      routes.replace(
        '    response_model=List[NoteOut],\n)\ndef get_note',
        '    response_model=NoteOut,\n)\ndef get_note',
      ),
    ]);
  });

  it(`proposes nothing when the handler builds a collection, or when no collection route lists the same \
model`, async () => {
    const builds = flat.replace('    return harvest_out(harvest)\n', '    return [harvest_out(harvest)]\n');
    expect(await run({ 'app/main.py': builds }, 'GET /harvests/{harvest_id}', 'app/main.py')).toEqual([]);
    const alone = flat.replace(
      '@app.get("/harvests", response_model=list[HarvestRead])',
      '@app.get("/harvests", response_model=list[HarvestSummary])',
    );
    expect(await run({ 'app/main.py': alone }, 'GET /harvests/{harvest_id}', 'app/main.py')).toEqual([]);
  });

  describe('#list: a collection route declaring the item model', () => {
    const bins = `from fastapi import APIRouter

router = APIRouter(prefix="/api/bins")


@router.get("", response_model=BinOut)
def list_bins(db):
    return [to_out(b) for b in db.scalars(select(Bin)).all()]


@router.get("/{bin_id}", response_model=BinOut)
def get_bin(bin_id: int, db):
    return to_out(db.get(Bin, bin_id))
`;

    it('declares list[...] of the model its item route declares', async () => {
      expect(await run({ 'app/bins.py': bins }, 'GET /api/bins', 'app/bins.py')).toEqual([
        bins.replace('@router.get("", response_model=BinOut)', '@router.get("", response_model=list[BinOut])'),
      ]);
    });

    it('leaves a route that returns one object, and one with neither a sibling nor a documented array', async () => {
      const single = bins.replace('return [to_out(b) for b in db.scalars(select(Bin)).all()]', 'return summary(db)');
      expect(await run({ 'app/bins.py': single }, 'GET /api/bins', 'app/bins.py')).toEqual([]);
      const alone = bins.slice(0, bins.indexOf('@router.get("/{bin_id}"'));
      expect(await run({ 'app/bins.py': alone }, 'GET /api/bins', 'app/bins.py')).toEqual([]);
    });
  });

  describe('a single-resource route whose collection lives under its parent', () => {
    // The only list of lessons is nested (`/courses/{course_id}/lessons`): no `/lessons` sibling.
    const lessons = `from fastapi import APIRouter

router = APIRouter()


@router.get("/courses/{course_id}/lessons", response_model=list[LessonOut])
def list_lessons(course_id: int, db=Depends(get_db)):
    return db.scalars(select(Lesson).where(Lesson.course_id == course_id)).all()


@router.get("/lessons/{lesson_id}", response_model=list[LessonOut], responses={404: {"model": Message}})
def get_lesson(lesson_id: int, db=Depends(get_db)):
    return _lesson_or_404(db, lesson_id)
`;
    const documented = (schema: Record<string, unknown>): ApiOperation => ({
      method: 'get',
      path: '/lessons/{lesson_id}',
      endpoint: 'GET /lessons/{lesson_id}',
      parameters: [],
      responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
    });
    const object = { title: 'LessonOut', type: 'object', properties: { id: { type: 'integer' } } };
    const files = { 'app/lessons.py': lessons };

    it('gets the item model when the contract documents one object of it', async () => {
      expect(await run(files, 'GET /lessons/{lesson_id}', 'app/lessons.py', documented(object))).toEqual([
        lessons.replace(
          '"/lessons/{lesson_id}", response_model=list[LessonOut]',
          '"/lessons/{lesson_id}", response_model=LessonOut',
        ),
      ]);
    });

    it('leaves it with no contract, a documented array, or an object of another model', async () => {
      expect(await run(files, 'GET /lessons/{lesson_id}', 'app/lessons.py')).toEqual([]);
      const array = { type: 'array', items: object };
      expect(await run(files, 'GET /lessons/{lesson_id}', 'app/lessons.py', documented(array))).toEqual([]);
      const other = { ...object, title: 'LessonSummary' };
      expect(await run(files, 'GET /lessons/{lesson_id}', 'app/lessons.py', documented(other))).toEqual([]);
    });
  });
});
