import * as Y from 'yjs'

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/**
 * The part of `base` that `next` replaced: [start, end) of base, and what
 * stands there now. Only that span is rewritten on save, so two people
 * editing different parts of one card at once both keep their words: Yjs
 * merges the two small changes, where replacing the whole text would have
 * let one overwrite the other.
 */
export function changedSpan(base: string, next: string): { start: number; end: number; inserted: string } {
  let start = 0
  const shorter = Math.min(base.length, next.length)
  while (start < shorter && base[start] === next[start]) start++
  let end = 0
  while (end < shorter - start && base[base.length - 1 - end] === next[next.length - 1 - end]) end++
  if (start > 0 && isHighSurrogate(base.charCodeAt(start - 1))) start--
  if (end > 0 && isLowSurrogate(base.charCodeAt(base.length - end))) end--
  return { start, end: base.length - end, inserted: next.slice(start, next.length - end) }
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
