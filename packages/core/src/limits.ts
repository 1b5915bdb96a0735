/**
 * What a habit's texts and a day may hold. The API validates against these, its OpenAPI document states them, the
 * imports cut longer texts from other apps to them, and the database columns are sized by them.
 */
export const TEXT_LIMITS = {
  name: 100,
  question: 200,
  description: 2000,
  category: 50,
  unit: 30,
  notes: 2000,
  externalId: 200,
} as const;

/** The largest amount a numeric day or target holds. */
export const MAX_AMOUNT = 1e9;
