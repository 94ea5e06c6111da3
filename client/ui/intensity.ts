/** Words for each intensity, so a number is never the only way it is said. */
export const INTENSITY_WORDS: Record<number, string> = {
  1: 'a little',
  2: 'somewhat',
  3: 'quite',
  4: 'very',
  5: 'overwhelming',
}
