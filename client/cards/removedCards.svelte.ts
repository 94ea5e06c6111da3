import * as Y from 'yjs'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import { authorshipOf } from '../core/cardAuthorship.ts'
import { cardsMap, readCard, type CardView } from '../core/cardView.ts'
import { isBelieved } from '../core/deviceTrust.ts'

/** A signed card someone else removed, as this device saw it go. */
export type RemovedCard = {
  /** Unique per removal, for the screen's list. */
  key: string
  cardId: string
  authorId: string
  text: string
  /** Who removed it, when a believed device of theirs is known to have sent the change; null when that is unknown. */
  removedById: string | null
}

export type RemovedCardsOptions = {
  /** The device that sent the change being applied (read inside the observer); null when unknown. */
  senderOfChange(): string | null
  trust: Pick<BoardTrust, 'verdict' | 'devicesOf' | 'devices'>
}

/** A restore of a version (history feature) removes cards as one named act of its own: its notice names it. */
const RESTORES_MAP = 'restores'

/**
 * Signed cards removed by someone other than their author, on this device:
 * each is named where this device was present to see it go, with the copy
 * this device still had, so a person can put it back as it was, signed by
 * its author as before. It keeps its own copy of every signed card (a
 * deleted Y.Map can no longer be read), updated as cards change.
 */
export class RemovedCards {
  readonly #doc: Y.Doc
  readonly #options: RemovedCardsOptions
  readonly #kept = new Y.Doc()
  readonly #views = new Map<string, CardView>()
  #removed = $state.raw<RemovedCard[]>([])
  #count = 0
  readonly #observe = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => this.#changed(events, transaction)

  constructor(doc: Y.Doc, options: RemovedCardsOptions) {
    this.#doc = doc
    this.#options = options
    for (const id of cardsMap(doc).keys()) this.#keep(id)
    cardsMap(doc).observeDeep(this.#observe)
  }

  get removed(): readonly RemovedCard[] {
    return this.#removed
  }

  /** Brings the card back from this device's copy, as it was (with its signatures), for everyone. */
  putBack(key: string): void {
    const removal = this.#removed.find((entry) => entry.key === key)
    const copy = removal && cardsMap(this.#kept).get(removal.cardId)
    if (removal && copy instanceof Y.Map && !cardsMap(this.#doc).has(removal.cardId)) {
      this.#doc.transact(() => cardsMap(this.#doc).set(removal.cardId, copy.clone()))
    }
    this.dismiss(key)
  }

  dismiss(key: string): void {
    this.#removed = this.#removed.filter((entry) => entry.key !== key)
  }

  destroy(): void {
    cardsMap(this.#doc).unobserveDeep(this.#observe)
    this.#kept.destroy()
  }

  #changed(events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction): void {
    const cards = cardsMap(this.#doc)
    const touched = new Set<string>()
    const gone: string[] = []
    for (const event of events) {
      if (event.target === cards) {
        for (const [id, change] of event.changes.keys) {
          if (change.action === 'delete') gone.push(id)
          else touched.add(id)
        }
      } else if (typeof event.path[0] === 'string') touched.add(event.path[0])
    }
    const restores: unknown = this.#doc.getMap(RESTORES_MAP)
    const restored = [...transaction.changed.keys()].some((type) => type === restores)
    for (const id of gone) {
      if (!cards.has(id)) this.#noticeRemoval(id, transaction.local || restored)
    }
    for (const id of touched) this.#keep(id)
  }

  #noticeRemoval(cardId: string, ownOrNamed: boolean): void {
    const view = this.#views.get(cardId)
    this.#views.delete(cardId)
    if (!view || ownOrNamed) return cardsMap(this.#kept).delete(cardId)
    if (authorshipOf(this.#options.trust, view).kind !== 'author') return cardsMap(this.#kept).delete(cardId)
    const removedById = this.#removerOf(this.#options.senderOfChange())
    // The author taking their own card away needs no notice.
    if (removedById === view.authorId) return cardsMap(this.#kept).delete(cardId)
    this.#removed = [...this.#removed, { key: `${cardId}:${++this.#count}`, cardId, authorId: view.authorId, text: view.text, removedById }]
  }

  #removerOf(deviceId: string | null): string | null {
    const device = deviceId === null ? undefined : this.#options.trust.devices.get(deviceId)
    return device && isBelieved(device.standing) ? device.record.personId : null
  }

  /** Keeps a copy of a signed card as it is now; an unsigned card is named by nobody when it goes. */
  #keep(id: string): void {
    const fields = cardsMap(this.#doc).get(id)
    const view = readCard(id, fields)
    if (!view || !(fields instanceof Y.Map) || view.claims.length === 0) {
      this.#views.delete(id)
      if (cardsMap(this.#kept).has(id)) cardsMap(this.#kept).delete(id)
      return
    }
    this.#views.set(id, view)
    cardsMap(this.#kept).set(id, fields.clone())
  }
}
