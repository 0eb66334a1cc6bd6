import { describe, expect, it } from 'vitest';
import { pythonJsonDumpsWriter } from './json-dumps-writer.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout9 tutorhub TH05, as the server logged it (PATCH /api/v1/tutors/{tutor_id}).
const notJson = { type: 'json.decoder.JSONDecodeError', message: 'Expecting value: line 1 column 2 (char 1)' };

const schema = `import json

from pydantic import BaseModel


class TutorRead(BaseModel):
    subjects: list[str]

    @classmethod
    def from_model(cls, tutor) -> "TutorRead":
        return cls(subjects=json.loads(tutor.subjects_json))
`;
const crud = `import json

from app.models import Tutor


class CRUDTutor:
    def create(self, db, data: dict) -> Tutor:
        subjects = data.pop("subjects")
        tutor = Tutor(**data, subjects_json=json.dumps(subjects))
        db.add(tutor)
        return tutor

    def update(self, db, tutor: Tutor, data: dict) -> Tutor:
        if "subjects" in data:
            tutor.subjects_json = str(data.pop("subjects") or [])
        return tutor
`;

async function run(
  files: Record<string, string>,
  culprit = { file: 'app/schemas/tutor.py', line: 11 },
  exception = notJson,
) {
  const found = await candidatesOf(pythonJsonDumpsWriter, { files, culprit, exception });
  return found.map((c) => c.changed);
}

describe('python.json-dumps-writer', () => {
  it('stores the column with json.dumps where one writer stores str() and another json.dumps', async () => {
    expect(await run({ 'app/schemas/tutor.py': schema, 'app/crud/crud_tutor.py': crud })).toEqual([
      {
        'app/crud/crud_tutor.py': crud.replace(
          'tutor.subjects_json = str(data.pop("subjects") or [])',
          'tutor.subjects_json = json.dumps(data.pop("subjects") or [])',
        ),
      },
    ]);
  });

  it('rewrites a dict-valued writer in a module that does not import json yet', async () => {
    const reader = 'import json\n\n\ndef tags_of(row):\n    return json.loads(row.tags_json)\n';
    const seed = 'import json\n\n\ndef seed(row, tags):\n    row.tags_json = json.dumps(tags)\n';
    const service =
      'from app.db import insert\n\n\ndef save(tags: dict):\n' +
      '    return insert({"name": "x", "tags_json": str(tags)})\n';
    const dictError = {
      type: 'json.decoder.JSONDecodeError',
      message: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
    };
    expect(
      await run(
        { 'app/read.py': reader, 'app/seed.py': seed, 'app/service.py': service },
        { file: 'app/read.py', line: 5 },
        dictError,
      ),
    ).toEqual([
      {
        'app/service.py':
          'from app.db import insert\nimport json\n\n\ndef save(tags: dict):\n' +
          '    return insert({"name": "x", "tags_json": json.dumps(tags)})\n',
      },
    ]);
  });

  it('leaves a column no writer stores with json.dumps, and text malformed further in', async () => {
    const onlyStr = crud.replace('subjects_json=json.dumps(subjects)', 'subjects_json=subjects');
    expect(await run({ 'app/schemas/tutor.py': schema, 'app/crud/crud_tutor.py': onlyStr })).toEqual([]);
    const empty = { ...notJson, message: 'Expecting ,  delimiter: line 1 column 5 (char 4)' };
    expect(await run({ 'app/schemas/tutor.py': schema, 'app/crud/crud_tutor.py': crud }, undefined, empty)).toEqual([]);
  });
  // heldout10 bakehouse B07, as the server logged it (POST /products): the repr is stored through a
  // dict's key, and the seed's json.dumps writer is a keyword on its own line of a call.
  const reader = `import json


def to_read(product):
    return ProductRead(
        id=product.id,
        allergens=json.loads(product.allergens),
    )
`;
  const seed = `import json


def seed(db, rows):
    products = [
        Product(sku=sku, name=name,
                allergens=json.dumps(allergens), active=active)
        for sku, name, allergens, active in rows
    ]
    db.add_all(products)
`;
  const crudByKey = `def create_product(db, payload):
    data = payload.model_dump()
    data["allergens"] = str(data["allergens"])
    product = Product(**data)
    return product
`;

  it("rewrites a writer through a dict's key, the json.dumps writer a keyword opening its line", async () => {
    const files = { 'app/services/product_service.py': reader, 'app/seed.py': seed, 'app/crud/products.py': crudByKey };
    expect(await run(files, { file: 'app/services/product_service.py', line: 7 })).toEqual([
      {
        'app/crud/products.py':
          `import ` + `json\n${crudByKey.replace('str(data["allergens"])', 'json.dumps(data["allergens"])')}`,
      },
    ]);
  });

  it('rewrites a str() writer that is a keyword opening its own line of a call', async () => {
    const crud = `def create_product(db, sku, allergens):
    product = Product(
        sku=sku,
        allergens=str(allergens),
    )
    return product
`;
    const files = { 'app/services/product_service.py': reader, 'app/seed.py': seed, 'app/crud/products.py': crud };
    expect(await run(files, { file: 'app/services/product_service.py', line: 7 })).toEqual([
      { 'app/crud/products.py': `import json\n${crud.replace('str(allergens)', 'json.dumps(allergens)')}` },
    ]);
  });

  it('leaves a local named like the column, and a comparison of the key', async () => {
    const crud = `def create_product(db, payload):
    data = payload.model_dump()
    allergens = str(data["allergens"])
    if data["allergens"] == str(allergens):
        return None
    return Product(**data)
`;
    const files = { 'app/services/product_service.py': reader, 'app/seed.py': seed, 'app/crud/products.py': crud };
    expect(await run(files, { file: 'app/services/product_service.py', line: 7 })).toEqual([]);
  });
});
