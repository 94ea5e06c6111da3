import { simpleDiffString } from 'lib0/diff'
import * as Y from 'yjs'

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

/**
 * An edit made in a form over some time: it starts from the text as it was
 * when the form opened, and on save applies only what this person changed,
 * at the places those words have moved to meanwhile. Someone else's edit
 * to another part of the card, saved in between, is kept.
 */
export class TextEdit {
  readonly base: string
  readonly #text: Y.Text
  readonly #positions: Y.RelativePosition[]

  constructor(text: Y.Text) {
    this.#text = text
    this.base = text.toString()
    // One anchor per index (a card is at most a few thousand characters), so any span can be found again later.
    this.#positions = Array.from({ length: this.base.length + 1 }, (_, index) =>
      Y.createRelativePositionFromTypeIndex(text, index, index === this.base.length ? -1 : 0),
    )
  }

  /** Applies the change from `base` to `next`; call inside the transaction that saves. */
  apply(next: string): void {
    const doc = this.#text.doc
    if (!doc) return
    const span = changedSpan(this.base, next)
    if (span.start === span.end && span.inserted === '') return
    const start = this.#absolute(span.start, doc) ?? 0
    const end = Math.max(start, this.#absolute(span.end, doc) ?? start)
    if (end > start) this.#text.delete(start, end - start)
    if (span.inserted !== '') this.#text.insert(start, span.inserted)
  }

  #absolute(index: number, doc: Y.Doc): number | null {
    const position = this.#positions[index]
    return position ? (Y.createAbsolutePositionFromRelativePosition(position, doc)?.index ?? null) : null
  }
}
