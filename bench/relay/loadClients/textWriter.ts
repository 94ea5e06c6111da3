/**
 * One person's edits as real Yjs updates: each appends about 150 characters
 * to a Y.Text in this person's own Y.Doc, so every update is distinct, about
 * the size of a card edit, and the same bytes whichever server carries it.
 */
import * as Y from 'yjs'

const EDIT_CHARACTERS = 150
const SENTENCE = 'When the plans changed without a word I felt left out, and I want us to decide such things together. '

export class TextWriter {
  readonly doc = new Y.Doc()
  readonly #text = this.doc.getText('board')
  #written = 0

  nextUpdate(): Uint8Array {
    let update: Uint8Array | undefined
    const capture = (bytes: Uint8Array) => (update = bytes)
    this.doc.on('update', capture)
    this.#text.insert(this.#text.length, `${this.#written++}: ${SENTENCE.repeat(2)}`.slice(0, EDIT_CHARACTERS))
    this.doc.off('update', capture)
    return update!
  }
}
