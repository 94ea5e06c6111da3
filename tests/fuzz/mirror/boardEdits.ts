/**
 * Edits to a Y.Doc standing in for a board: a map, an array and a text,
 * the shared types the board's state is made of. Each edit is one Yjs
 * update, as one push of a device would carry.
 */
import fc from 'fast-check'
import * as Y from 'yjs'

export type BoardEdit =
  | { op: 'mapSet'; key: 'a' | 'b' | 'c'; value: number }
  | { op: 'mapDelete'; key: 'a' | 'b' | 'c' }
  | { op: 'arrayInsert'; at: number; value: number }
  | { op: 'arrayDelete'; at: number }
  | { op: 'textInsert'; at: number; text: string }
  | { op: 'textDelete'; at: number; length: number }

const key = fc.constantFrom('a' as const, 'b' as const, 'c' as const)

export const boardEdit: fc.Arbitrary<BoardEdit> = fc.oneof(
  fc.record({ op: fc.constant('mapSet' as const), key, value: fc.nat(99) }),
  fc.record({ op: fc.constant('mapDelete' as const), key }),
  fc.record({ op: fc.constant('arrayInsert' as const), at: fc.nat(), value: fc.nat(99) }),
  fc.record({ op: fc.constant('arrayDelete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('textInsert' as const), at: fc.nat(), text: fc.constantFrom('x', 'yz', 'é') }),
  fc.record({ op: fc.constant('textDelete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
)

/** Makes the edit in one transaction; returns its update, or null when there was nothing to change (an empty doc to delete from). */
export function makeEdit(doc: Y.Doc, edit: BoardEdit): Uint8Array | null {
  let update: Uint8Array | null = null
  const capture = (bytes: Uint8Array) => (update = bytes)
  doc.on('update', capture)
  doc.transact(() => {
    const array = doc.getArray<number>('array')
    const text = doc.getText('text')
    const map = doc.getMap<number>('map')
    if (edit.op === 'mapSet') map.set(edit.key, edit.value)
    else if (edit.op === 'mapDelete' && map.has(edit.key)) map.delete(edit.key)
    else if (edit.op === 'arrayInsert') array.insert(edit.at % (array.length + 1), [edit.value])
    else if (edit.op === 'arrayDelete' && array.length > 0) array.delete(edit.at % array.length, 1)
    else if (edit.op === 'textInsert') text.insert(edit.at % (text.length + 1), edit.text)
    else if (edit.op === 'textDelete' && text.length > 0) {
      const at = edit.at % text.length
      text.delete(at, Math.min(edit.length, text.length - at))
    }
  })
  doc.off('update', capture)
  return update
}

/** What the board shows: the shared types as JSON, the thing two docs must agree on. */
export function boardContent(doc: Y.Doc): unknown {
  return { map: doc.getMap('map').toJSON(), array: doc.getArray('array').toJSON(), text: doc.getText('text').toString() }
}

/** A doc with this client id: ids fixed by the run, so a run replays exactly. */
export function docOf(clientID: number): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return doc
}
