import * as Y from 'yjs'
import { createContext } from 'svelte'
import { CardField, type LaneId, type ReflectionAnswer } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import { keepCardClaim, signCardText } from '../core/cardClaims.ts'
import { keepCardTheme, themeClaimFields, type ThemeId } from '../core/cardThemes.ts'
import { cardsMap, readCard, type CardView } from '../core/cardView.ts'
import { newId } from '../core/ids.ts'
import { openTalk } from '../core/talks.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { acceptAgreement, signOwnAcceptance, withdrawAgreement } from './agreements.ts'
import { CardEdit, type CardChange, type EditResult } from './cardEdit.ts'
import { signClaim } from '../core/claims.ts'
import {
  addCard,
  carryForward,
  CLAIM_ORIGIN,
  cleanCardText,
  deleteCard,
  saysSomething,
  type NewCard,
  type SignedProposal,
} from './cards.ts'
import type { HeardFirstRule } from './heardFirst.ts'
import { addMore, answerReflection, askForMore, reflectOn } from './reflections.ts'
import type { RemovedCards } from './removedCards.svelte.ts'
import { UndoHistory } from './undoHistory.svelte.ts'

/** Where this device signs the words it leaves on cards: null where it does not sign (tests, storage blocked). */
export type CardSigning = {
  boardId: string
  signer: Promise<Signer | null>
  /** Watches for signed cards others remove, to name them and put them back; the shell makes it over the session. */
  removed?: RemovedCards
}

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
  readonly #signing: CardSigning | null
  readonly #heardFirst: HeardFirstRule | null

  /**
   * `startTalk` is the talks' own (the shell hands it in), so a talk started here keeps its version in the history too;
   * `heardFirst` is the talk's `Reflect before replying` rule, read from the facilitation by the shell.
   */
  constructor(
    doc: Y.Doc,
    clock: ServerClock,
    startTalk: () => string,
    signing: CardSigning | null = null,
    heardFirst: HeardFirstRule | null = null,
  ) {
    this.#doc = doc
    this.#clock = clock
    this.#startTalk = startTalk
    this.#signing = signing
    this.#heardFirst = heardFirst
    this.#undo = new UndoHistory(doc)
  }

  /**
   * Places a card signed by this device: its words (and, for an agreement,
   * the proposer's yes) signed first, then the card and its claims written
   * in one transaction, so no screen sees it unsigned.
   */
  async #place(card: NewCard): Promise<string | null> {
    if (!saysSomething(card)) return null
    const signer = await this.#signer()
    if (signer === null || this.#signing === null) return addCard(this.#doc, card)
    const { boardId } = this.#signing
    const id = newId()
    const text = cleanCardText(card.text)
    const signing = async () => {
      const claim = await signCardText(signer, boardId, { id, authorId: card.authorId, lane: card.lane, createdAt: card.createdAt }, text)
      const proposal = card.lane === 'agreements' ? await this.#proposal(signer, boardId, id, text) : null
      return { claim, proposal }
    }
    const signed = await signing().catch((error: unknown) => {
      console.info('This card could not be signed:', error)
      return { claim: null, proposal: null }
    })
    return addCard(this.#doc, card, { id, ...signed })
  }

  /** An agreement's revision id and its proposer's signed yes, drawn before it is written. */
  async #proposal(signer: Signer, boardId: string, id: string, text: string): Promise<SignedProposal> {
    const revisionId = newId()
    return { revisionId, acceptance: await signClaim(signer, boardId, 'accept', [id, revisionId, text]) }
  }

  /** This device's signer on the board; null where it does not sign (tests, storage blocked). */
  async #signer(): Promise<Signer | null> {
    return (await this.#signing?.signer.catch(() => null)) ?? null
  }

  /** Signs the card's text as it stands now, unless this device's claim already covers it; again if it changed meanwhile. */
  async #signAsLeft(cardId: string): Promise<void> {
    const signer = await this.#signer()
    if (!signer || !this.#signing) return
    for (let attempt = 0; attempt < 2; attempt++) {
      const card = readCard(cardId, cardsMap(this.#doc).get(cardId))
      if (!card || card.claims.some((claim) => claim.deviceId === signer.deviceId && claim.text === card.text)) return
      const claim = await signCardText(signer, this.#signing.boardId, card, card.text)
      const fields = cardsMap(this.#doc).get(cardId)
      if (readCard(cardId, fields)?.text === card.text && fields) {
        this.#doc.transact(() => keepCardClaim(fields, claim), CLAIM_ORIGIN)
        return
      }
    }
  }

  /** Revising an agreement is accepting it: the reviser's yes is signed as soon as the merged text is down. */
  #signOwnYes(cardId: string | null, authorId: string): void {
    if (cardId === null || this.#signing === null) return
    const { boardId } = this.#signing
    void this.#signer()
      .then((signer) => signOwnAcceptance(this.#doc, boardId, signer, cardId, authorId))
      .catch((error: unknown) => console.info('This device could not sign its yes to the agreement:', error))
  }

  /**
   * Places a card in the talk going on; when none is (the last was ended),
   * between talks, since only a person starts the next talk
   * (`addInNewTalk`). Null when it would say nothing. An agreement waits
   * for its proposer's yes to be signed, so it arrives whole.
   */
  async add(card: Omit<NewCard, 'createdAt' | 'talkId'>): Promise<string | null> {
    if (this.waitsOn(card.lane, card.authorId) !== null) return null
    return this.#place({ ...card, createdAt: this.#clock.now(), talkId: openTalk(this.#doc)?.id ?? null })
  }

  /** Starts the next talk, as a person chose to, and places the card in it. */
  async addInNewTalk(card: Omit<NewCard, 'createdAt' | 'talkId'>): Promise<string | null> {
    if (this.waitsOn(card.lane, card.authorId) !== null) return null
    const talkId = openTalk(this.#doc)?.id ?? this.#startTalk()
    return this.#place({ ...card, createdAt: this.#clock.now(), talkId })
  }

  /** The other's card a person's new card in this lane waits on, under `Reflect before replying`; null when it may be added. */
  waitsOn(lane: LaneId, personId: string): CardView | null {
    return this.#heardFirst?.waitsOn(lane, personId) ?? null
  }

  /** The other's card that was not yet heard when this card was placed against the rule; null otherwise. */
  placedBefore(card: CardView): CardView | null {
    return this.#heardFirst?.placedBefore(card) ?? null
  }

  /** Starts editing a card as it is now; null when it is gone. */
  beginEdit(cardId: string): CardEditing | null {
    const edit = CardEdit.begin(this.#doc, cardId)
    if (edit === null) return null
    const save = (change: CardChange, editorId: string): EditResult => {
      const at = this.#clock.now()
      const outcome = edit.outcome(change)
      if (this.#signing === null || outcome !== 'saved') return edit.save(change, editorId, at)
      // Revising an agreement is accepting it: the reviser's yes is signed once the merged text is down.
      // Signed first, over the text this save will leave, so the edit and its claim arrive together.
      const { boardId, signer } = this.#signing
      void signer
        .then(async (mine) => {
          const text = edit.textAfter(change)
          const card = readCard(cardId, cardsMap(this.#doc).get(cardId))
          return mine && card && text !== null ? await signCardText(mine, boardId, card, text) : undefined
        })
        .catch((error: unknown) => {
          console.info('This edit could not be signed:', error)
          return undefined
        })
        .then((claim) => {
          if (edit.save(change, editorId, at, claim) === 'saved') this.#signOwnYes(cardId, editorId)
          // Someone else's change arrived while signing: sign what this device actually left.
          if (claim) void this.#signAsLeft(cardId)
        })
      return 'saved'
    }
    return { baseText: edit.baseText, save }
  }

  delete(cardId: string): void {
    deleteCard(this.#doc, cardId)
  }

  /** Takes a card up again in the talk going on; it stays in its own talk too. */
  carryForward(cardId: string, talkId: string, byId: string): void {
    carryForward(this.#doc, { cardId, talkId, byId, at: this.#clock.now() })
  }

  /**
   * Gives the card a theme, or takes it off (`given: false`), under this
   * person's name: signed first, then written with its claim in one
   * transaction. Each theme has its own key, so two people at once keep both.
   */
  async setTheme(cardId: string, themeId: ThemeId, byId: string, given: boolean): Promise<void> {
    const theme = { themeId, byId, at: this.#clock.now(), given }
    const signer = await this.#signer()
    const claim =
      signer && this.#signing
        ? await signClaim(signer, this.#signing.boardId, 'theme', themeClaimFields(cardId, theme)).catch((error: unknown) => {
            console.info('This theme could not be signed:', error)
            return null
          })
        : null
    const fields = cardsMap(this.#doc).get(cardId)
    if (fields instanceof Y.Map) this.#doc.transact(() => keepCardTheme(fields, { ...theme, claim }))
  }

  /** Signs this person's yes to the current text, then records it; resolves once written. */
  async accept(cardId: string, personId: string): Promise<void> {
    await acceptAgreement(this.#doc, this.#signing?.boardId ?? '', await this.#signer(), cardId, personId)
  }

  /** An agreed agreement is withdrawn, named (signed) and kept, not deleted; undo takes it back like any change of this device's. */
  async withdraw(cardId: string, personId: string): Promise<void> {
    await withdrawAgreement(this.#doc, this.#signing?.boardId ?? '', await this.#signer(), cardId, personId, this.#clock.now())
  }

  /** Returns the reflection's id, or null when it is blank or the card is gone. */
  reflect(cardId: string, byId: string, text: string): string | null {
    return reflectOn(this.#doc, cardId, byId, text, this.#clock.now())
  }

  /** The author's answer, signed on this device; resolves once written. */
  async answer(cardId: string, reflectionId: string, answer: ReflectionAnswer, note: string): Promise<void> {
    const signing = { boardId: this.#signing?.boardId ?? '', signer: await this.#signer() }
    await answerReflection(this.#doc, signing, { cardId, reflectionId, answer, note, at: this.#clock.now() })
  }

  /** The listener asks `Is there more?` of their reflection; false when it is not theirs to ask now. */
  askForMore(cardId: string, reflectionId: string, byId: string): boolean {
    return askForMore(this.#doc, cardId, reflectionId, byId, this.#clock.now())
  }

  /** The author adds more, signed on this device; resolves to whether it was written. */
  async addMore(cardId: string, reflectionId: string, byId: string, text: string): Promise<boolean> {
    const signing = { boardId: this.#signing?.boardId ?? '', signer: await this.#signer() }
    return addMore(this.#doc, signing, { cardId, reflectionId, byId, text, at: this.#clock.now() })
  }

  get canUndo(): boolean {
    return this.#undo.canUndo
  }

  /** Takes back this device's last change to the cards, never someone else's. */
  undo(): void {
    const before = this.#texts()
    this.#undo.undo()
    // Undo is an edit too: this device signs the words it leaves.
    for (const [id, text] of this.#texts()) if (before.get(id) !== text) void this.#signAsLeft(id)
  }

  /**
   * After a restore of a version (an edit by this device): signs each signed
   * card whose words no claim covers any more. A card whose writers'
   * signatures came back with it keeps them; a card from before signing
   * stays written before signing.
   */
  signWhereUncovered(): void {
    for (const [id, fields] of cardsMap(this.#doc)) {
      const card = readCard(id, fields)
      if (card && card.claims.length > 0 && !card.claims.some((claim) => claim.text === card.text)) void this.#signAsLeft(id)
    }
  }

  #texts(): Map<string, string> {
    const texts = new Map<string, string>()
    for (const [id, fields] of cardsMap(this.#doc)) {
      const text: unknown = fields instanceof Y.Map ? fields.get(CardField.text) : null
      if (text instanceof Y.Text) texts.set(id, text.toString())
    }
    return texts
  }

  /** Signed cards someone else removed, named with the way to put them back; null where nothing watches. */
  get removed(): RemovedCards | null {
    return this.#signing?.removed ?? null
  }

  destroy(): void {
    this.#undo.destroy()
    this.#signing?.removed?.destroy()
  }
}

export const [getCards, setCards] = createContext<CardsModel>()
