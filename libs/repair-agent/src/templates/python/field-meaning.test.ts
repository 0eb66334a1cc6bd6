import { describe, expect, it } from 'vitest';
import { closestFieldMeaning } from './field-meaning.js';

describe('closestFieldMeaning', () => {
  it('maps a moment field written another way and a plural to its counted form', () => {
    expect(closestFieldMeaning('starts_at', ['id', 'title', 'start_time', 'duration_minutes'])).toBe('start_time');
    expect(closestFieldMeaning('upcoming_event_count', ['name', 'city', 'upcoming_events'])).toBe('upcoming_events');
    expect(closestFieldMeaning('date_of_birth', ['birth_date', 'name'])).toBe('birth_date');
  });

  it('refuses an ambiguous or moment-only match', () => {
    expect(closestFieldMeaning('seats', ['seat_count', 'seat_total'])).toBeUndefined();
    expect(closestFieldMeaning('created_at', ['updated_on', 'title'])).toBeUndefined();
  });
});
