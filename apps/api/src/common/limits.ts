/** Far above what a person tracks, low enough that one account cannot fill the disk or slow everyone's jobs. */
export const MAX_HABITS_PER_USER = 2000;
export const MAX_CATEGORIES_PER_USER = 200;
