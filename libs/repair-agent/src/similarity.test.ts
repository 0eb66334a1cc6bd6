import { describe, expect, it } from 'vitest';
import { closestFieldName, closestName } from './similarity.js';

describe('closestFieldName', () => {
  it('prefers a close spelling, then a unique field whose words the name contains', () => {
    expect(closestFieldName('emial', ['email', 'name'])).toBe('email');
    expect(closestFieldName('phone_number', ['id', 'given_name', 'phone'])).toBe('phone');
    expect(closestFieldName('date_of_birth', ['birth_date', 'name'])).toBe('birth_date');
    expect(closestFieldName('emailAddress', ['email', 'name'])).toBe('email');
  });

  it('does not guess between several fields, nor map onto an identifier', () => {
    expect(closestFieldName('home_phone_work_email', ['phone', 'email'])).toBeUndefined();
    expect(closestFieldName('patient_id', ['id', 'notes'])).toBeUndefined();
  });

  it('keeps the small words that tell fields apart (at, by, in, out)', () => {
    expect(closestFieldName('created_by', ['created_at', 'notes'])).toBeUndefined();
    expect(closestFieldName('check_in', ['check_out', 'notes'])).toBeUndefined();
    expect(closestFieldName('rate_per_hour', ['hourly_rate', 'notes'])).toBe('hourly_rate');
  });
});

describe('closestName: the words that tell two names apart decide, not the words they share', () => {
  it('keeps typos in one word of several', () => {
    expect(closestName('publised_year', ['published_year', 'isbn'])).toBe('published_year');
    expect(closestName('date_of_brith', ['date_of_birth', 'name'])).toBe('date_of_birth');
    expect(closestName('totalAmmount', ['totalAmount', 'currency'])).toBe('totalAmount');
    expect(closestName('published_year', ['publication_year', 'isbn'])).toBe('publication_year');
  });

  it('never maps one field onto another that only shares a word with it', () => {
    // A creation timestamp is not the posting date the client sent (nor the update time).
    expect(closestName('created_at', ['posted_at', 'amount'])).toBeUndefined();
    expect(closestName('created_at', ['updated_at', 'amount'])).toBeUndefined();
    expect(closestName('first_name', ['last_name', 'email'])).toBeUndefined();
    expect(closestName('user_id', ['owner_id', 'title'])).toBeUndefined();
    expect(closestFieldName('created_at', ['posted_at', 'memo'])).toBeUndefined();
  });
});
