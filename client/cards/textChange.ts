import * as Y from 'yjs'
import { changedSpan } from '../core/textSpan.ts'

export { changedSpan }

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
    const place = this.#place(next)
    if (place === null) return
    if (place.end > place.start) this.#text.delete(place.start, place.end - place.start)
    if (place.inserted !== '') this.#text.insert(place.start, place.inserted)
  }

  /** The card's text as `apply(next)` would leave it now: what its editor signs before saving. */
  preview(next: string): string {
    const now = this.#text.toString()
    const place = this.#place(next)
    return place === null ? now : now.slice(0, place.start) + place.inserted + now.slice(place.end)
  }

  #place(next: string): { start: number; end: number; inserted: string } | null {
    const doc = this.#text.doc
    if (!doc) return null
    const span = changedSpan(this.base, next)
    if (span.start === span.end && span.inserted === '') return null
    const start = this.#absolute(span.start, doc) ?? 0
    const end = Math.max(start, this.#absolute(span.end, doc) ?? start)
    return { start, end, inserted: span.inserted }
  }

  #absolute(index: number, doc: Y.Doc): number | null {
    const position = this.#positions[index]
    return position ? (Y.createAbsolutePositionFromRelativePosition(position, doc)?.index ?? null) : null
  }
}
