/**
 * A key with its case style taken out (`owner_id`, `ownerId`, `owner-id` → `ownerid`): two keys that
 * differ only in style name the same field.
 */
export function caseless(name: string): string {
  return name.replace(/[_-]/g, '').toLowerCase();
}
