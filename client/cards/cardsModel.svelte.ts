import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { ReflectionAnswer } from '../../shared/schema.ts'
import { openTalk } from '../core/talks.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { acceptAgreement, withdrawAgreement } from './agreements.ts'
import { CardEdit, type CardChange, type EditResult } from './cardEdit.ts'
import { addCard, carryForward, deleteCard, type NewCard } from './cards.ts'
import { answerReflection, reflectOn } from './reflections.ts'
import { UndoHistory } from './undoHistory.svelte.ts'

/** A card edit under way: the text it began from, and saving it. */
export type CardEditing = { baseText: string; save(change: CardChange, editorId: string): EditResult }

/**
 * What people do to cards on one board: place, edit, delete, carry
 * forward, accept, withdraw, reflect and answer, each stamped with the server's time;
 * and undo for this device's own changes. Built once per board by the shell.
 */
export class CardsModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #undo: UndoHistory
  readonly #startTalk: () => string

  /** `startTalk` is the talks' own (the shell hands it in), so a talk started here keeps its version in the history too. */
  constructor(doc: Y.Doc, clock: ServerClock, startTalk: () => string) {
    this.#doc = doc
    this.#clock = clock
    this.#startTalk = startTalk
    this.#undo = new UndoHistory(doc)
  }

  /**
   * Places a card in the talk going on; when none is (the last was ended),
   * between talks, since only a person starts the next talk
   * (`addInNewTalk`). Null when it would say nothing.
   */
  add(card: Omit<NewCard, 'createdAt' | 'talkId'>): string | null {
    return addCard(this.#doc, { ...card, createdAt: this.#clock.now(), talkId: openTalk(this.#doc)?.id ?? null })
  }

  /** Starts the next talk, as a person chose to, and places the card in it. */
  addInNewTalk(card: Omit<NewCard, 'createdAt' | 'talkId'>): string | null {
    const talkId = openTalk(this.#doc)?.id ?? this.#startTalk()
    return addCard(this.#doc, { ...card, createdAt: this.#clock.now(), talkId })
  }

  /** Starts editing a card as it is now; null when it is gone. */
  beginEdit(cardId: string): CardEditing | null {
    const edit = CardEdit.begin(this.#doc, cardId)
    if (edit === null) return null
    return { baseText: edit.baseText, save: (change, editorId) => edit.save(change, editorId, this.#clock.now()) }
  }

  delete(cardId: string): void {
    deleteCard(this.#doc, cardId)
  }

  /** Takes a card up again in the talk going on; it stays in its own talk too. */
  carryForward(cardId: string, talkId: string, byId: string): void {
    carryForward(this.#doc, { cardId, talkId, byId, at: this.#clock.now() })
  }

  accept(cardId: string, personId: string): void {
    acceptAgreement(this.#doc, cardId, personId)
  }

  /** An agreed agreement is withdrawn, named and kept, not deleted; undo takes it back like any change of this device's. */
  withdraw(cardId: string, personId: string): void {
    withdrawAgreement(this.#doc, cardId, personId, this.#clock.now())
  }

  /** Returns the reflection's id, or null when it is blank or the card is gone. */
  reflect(cardId: string, byId: string, text: string): string | null {
    return reflectOn(this.#doc, cardId, byId, text, this.#clock.now())
  }

  answer(cardId: string, reflectionId: string, answer: ReflectionAnswer, note: string): void {
    answerReflection(this.#doc, cardId, reflectionId, answer, note, this.#clock.now())
  }

  get canUndo(): boolean {
    return this.#undo.canUndo
  }

  /** Takes back this device's last change to the cards, never someone else's. */
  undo(): void {
    this.#undo.undo()
  }

  destroy(): void {
    this.#undo.destroy()
  }
}

export const [getCards, setCards] = createContext<CardsModel>()
