import { describe, expect, it } from 'vitest';
import { closestFieldName } from './similarity.js';

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
});
