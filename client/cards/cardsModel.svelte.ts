import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { ReflectionAnswer } from '../../shared/schema.ts'
import { openTalk } from '../core/talks.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import type { Signer } from '../../shared/signing.ts'
import { acceptAgreement, signOwnAcceptance, withdrawAgreement } from './agreements.ts'
import { CardEdit, type CardChange, type EditResult } from './cardEdit.ts'
import { signClaim } from '../core/claims.ts'
import { newId } from '../core/ids.ts'
import { addCard, carryForward, cleanCardText, deleteCard, type NewCard, type SignedProposal } from './cards.ts'
import { answerReflection, reflectOn } from './reflections.ts'
import { UndoHistory } from './undoHistory.svelte.ts'

/** How this device signs what it claims on the board: its signer, when it can keep one. */
export type Signing = { boardId: string; signer: Promise<Signer | null> }

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
  readonly #signing: Signing

  /** `startTalk` is the talks' own (the shell hands it in), so a talk started here keeps its version in the history too. */
  constructor(doc: Y.Doc, clock: ServerClock, startTalk: () => string, signing: Signing) {
    this.#doc = doc
    this.#clock = clock
    this.#startTalk = startTalk
    this.#signing = signing
    this.#undo = new UndoHistory(doc)
  }

  /** Revising an agreement is accepting it: the reviser's yes is signed as soon as the merged text is down. */
  #signOwnYes(cardId: string | null, authorId: string): void {
    if (cardId === null) return
    void this.#signing.signer
      .then((signer) => signOwnAcceptance(this.#doc, this.#signing.boardId, signer, cardId, authorId))
      .catch((error: unknown) => console.info('This device could not sign its yes to the agreement:', error))
  }

  /**
   * Places a card in the talk going on; when none is (the last was ended),
   * between talks, since only a person starts the next talk
   * (`addInNewTalk`). Null when it would say nothing. An agreement waits
   * for its proposer's yes to be signed, so it arrives whole.
   */
  async add(card: Omit<NewCard, 'createdAt' | 'talkId'>): Promise<string | null> {
    const proposal = await this.#proposal(card)
    return addCard(this.#doc, { ...card, createdAt: this.#clock.now(), talkId: openTalk(this.#doc)?.id ?? null }, proposal)
  }

  /** Starts the next talk, as a person chose to, and places the card in it. */
  async addInNewTalk(card: Omit<NewCard, 'createdAt' | 'talkId'>): Promise<string | null> {
    const proposal = await this.#proposal(card)
    const talkId = openTalk(this.#doc)?.id ?? this.#startTalk()
    return addCard(this.#doc, { ...card, createdAt: this.#clock.now(), talkId }, proposal)
  }

  /** An agreement's ids and its proposer's signed yes, drawn before it is written; null for other cards, or where this device cannot sign. */
  async #proposal(card: Omit<NewCard, 'createdAt' | 'talkId'>): Promise<SignedProposal | null> {
    const signer = card.lane === 'agreements' ? await this.#signing.signer : null
    if (signer === null) return null
    const [id, revisionId] = [newId(), newId()]
    const acceptance = await signClaim(signer, this.#signing.boardId, 'accept', [id, revisionId, cleanCardText(card.text)])
    return { id, revisionId, acceptance }
  }

  /** Starts editing a card as it is now; null when it is gone. */
  beginEdit(cardId: string): CardEditing | null {
    const edit = CardEdit.begin(this.#doc, cardId)
    if (edit === null) return null
    return {
      baseText: edit.baseText,
      save: (change, editorId) => {
        const result = edit.save(change, editorId, this.#clock.now())
        if (result === 'saved') this.#signOwnYes(cardId, editorId)
        return result
      },
    }
  }

  delete(cardId: string): void {
    deleteCard(this.#doc, cardId)
  }

  /** Takes a card up again in the talk going on; it stays in its own talk too. */
  carryForward(cardId: string, talkId: string, byId: string): void {
    carryForward(this.#doc, { cardId, talkId, byId, at: this.#clock.now() })
  }

  /** Signs this person's yes to the current text, then records it; resolves once written. */
  async accept(cardId: string, personId: string): Promise<void> {
    await acceptAgreement(this.#doc, this.#signing.boardId, await this.#signing.signer, cardId, personId)
  }

  /** An agreed agreement is withdrawn, named (signed) and kept, not deleted; undo takes it back like any change of this device's. */
  async withdraw(cardId: string, personId: string): Promise<void> {
    await withdrawAgreement(this.#doc, this.#signing.boardId, await this.#signing.signer, cardId, personId, this.#clock.now())
  }

  /** Returns the reflection's id, or null when it is blank or the card is gone. */
  reflect(cardId: string, byId: string, text: string): string | null {
    return reflectOn(this.#doc, cardId, byId, text, this.#clock.now())
  }

  /** The author's answer, signed on this device; resolves once written. */
  async answer(cardId: string, reflectionId: string, answer: ReflectionAnswer, note: string): Promise<void> {
    const signing = { boardId: this.#signing.boardId, signer: await this.#signing.signer }
    await answerReflection(this.#doc, signing, { cardId, reflectionId, answer, note, at: this.#clock.now() })
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
