import * as Y from 'yjs'
import { createSubscriber } from 'svelte/reactivity'
import { cardsMap } from '../core/cardView.ts'
import { carriedForwardMap } from '../core/carriedForward.ts'

/**
 * Undo for this device's own changes to the cards. Yjs' UndoManager tracks
 * only local transactions (origin null), so undo never takes back what
 * another person did, even when their change came later.
 */
export class UndoHistory {
  readonly #manager: Y.UndoManager
  #subscribe: () => void

  constructor(doc: Y.Doc) {
    // captureTimeout 0: every action (a card, an accept, an edit, a carry forward) is its own step.
    this.#manager = new Y.UndoManager([cardsMap(doc), carriedForwardMap(doc)], { captureTimeout: 0 })
    const manager = this.#manager
    this.#subscribe = createSubscriber((update) => {
      const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const
      for (const event of events) manager.on(event, update)
      return () => {
        for (const event of events) manager.off(event, update)
      }
    })
  }

  get canUndo(): boolean {
    this.#subscribe()
    return this.#manager.canUndo()
  }

  undo(): void {
    this.#manager.undo()
  }

  destroy(): void {
    this.#manager.destroy()
  }
}
