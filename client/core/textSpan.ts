import { simpleDiffString } from 'lib0/diff'

/**
 * The part of `base` that `next` replaced: [start, end) of base, and what
 * stands there now (lib0's diff, which never splits a surrogate pair). Only
 * that span is rewritten on save, so two people editing different parts of
 * one card at once both keep their words: Yjs merges the two small changes,
 * where replacing the whole text would have let one overwrite the other.
 */
export function changedSpan(base: string, next: string): { start: number; end: number; inserted: string } {
  const { index, remove, insert } = simpleDiffString(base, next)
  return { start: index, end: index + remove, inserted: insert }
}
