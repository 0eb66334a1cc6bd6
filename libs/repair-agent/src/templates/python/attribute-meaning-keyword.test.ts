import { describe, expect, it } from 'vitest';
import { pythonAttributeMeaning } from './attribute-meaning.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `class Singer(Base):
    __tablename__ = "singers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    voice_part: Mapped[str] = mapped_column(String(20), nullable=False)
    joined_year: Mapped[int] = mapped_column(Integer, nullable=False)
`;
// heldout8 choir C1, as pytest reported it.
const missing = { type: 'AttributeError', message: "'Singer' object has no attribute 'voice_type'" };

async function run(service: string, line: number) {
  const found = await candidatesOf(pythonAttributeMeaning, {
    files: { 'app/models.py': models, 'app/service.py': service },
    culprit: { file: 'app/service.py', line },
    exception: missing,
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.attribute-meaning #keyword', () => {
  it('reads the member the keyword or dict key it is passed to names', async () => {
    const keyword =
      'def to_out(singer):\n    return SingerOut(\n        id=singer.id,\n' +
      '        voice_part=singer.voice_type,\n    )\n';
    expect(await run(keyword, 4)).toEqual(['        voice_part=singer.voice_part,']);
    const key = 'def to_dict(singer):\n    return {"id": singer.id, "voice_part": singer.voice_type}\n';
    expect(await run(key, 2)).toEqual(['    return {"id": singer.id, "voice_part": singer.voice_part}']);
  });

  it('takes no keyword that names no member, or a comparison', async () => {
    expect(await run('def to_out(singer):\n    return SingerOut(voice=singer.voice_type)\n', 2)).toEqual([]);
    expect(await run('def alto(singer):\n    voice_part = 1\n    return voice_part == singer.voice_type\n', 3)).toEqual(
      [],
    );
  });
});
