/**
 * Loop Habit Tracker's colour palette (its schema 21 on), spelled as Loop's CSV export writes it (index 19 in lower
 * case): the colours the web app offers, and what Loop imports and exports map to.
 */
export const LOOP_PALETTE = [
  '#D32F2F',
  '#E64A19',
  '#F57C00',
  '#FF8F00',
  '#F9A825',
  '#AFB42B',
  '#7CB342',
  '#388E3C',
  '#00897B',
  '#00ACC1',
  '#039BE5',
  '#1976D2',
  '#303F9F',
  '#5E35B1',
  '#8E24AA',
  '#D81B60',
  '#5D4037',
  '#303030',
  '#757575',
  '#aaaaaa',
] as const;
