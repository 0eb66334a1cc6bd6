import { describe, expect, it } from 'vitest';
import { closestFieldMeaning } from './field-meaning.js';

describe('closestFieldMeaning', () => {
  it('maps a moment field written another way and a plural to its counted form', () => {
    expect(closestFieldMeaning('starts_at', ['id', 'title', 'start_time', 'duration_minutes'])).toBe('start_time');
    expect(closestFieldMeaning('upcoming_event_count', ['name', 'city', 'upcoming_events'])).toBe('upcoming_events');
    expect(closestFieldMeaning('date_of_birth', ['birth_date', 'name'])).toBe('birth_date');
  });

  it('maps a field whose unit word is abbreviated on one side', () => {
    expect(closestFieldMeaning('length_meters', ['id', 'length_m', 'hull_id'])).toBe('length_m');
    expect(closestFieldMeaning('duration_min', ['duration_minutes', 'title'])).toBe('duration_minutes');
  });

  it('refuses an abbreviation shared by two fields or one with no full word in common', () => {
    expect(closestFieldMeaning('length_meters', ['length_m', 'length_mt'])).toBeUndefined();
    expect(closestFieldMeaning('len_m', ['length_meters', 'title'])).toBeUndefined();
    expect(closestFieldMeaning('price_cents', ['price_usd', 'title'])).toBeUndefined();
  });

  it('refuses initials a letter of which the word lacks, and a two-letter cut of a word', () => {
    expect(closestFieldMeaning('weight_cm', ['weight_centimeter', 'title'])).toBe('weight_centimeter');
    expect(closestFieldMeaning('weight_cxm', ['weight_centimeter', 'title'])).toBeUndefined();
    expect(closestFieldMeaning('item_no', ['item_notes', 'title'])).toBeUndefined();
    expect(closestFieldMeaning('item_qty', ['item_quantity', 'title'])).toBe('item_quantity');
  });

  it('refuses an ambiguous or moment-only match', () => {
    expect(closestFieldMeaning('seats', ['seat_count', 'seat_total'])).toBeUndefined();
    expect(closestFieldMeaning('created_at', ['updated_on', 'title'])).toBeUndefined();
  });
});
