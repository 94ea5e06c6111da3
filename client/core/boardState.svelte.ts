import type * as Y from 'yjs'
import { createSubscriber } from 'svelte/reactivity'
import { LANES, type LaneId, type Person, type Talk } from '../../shared/schema.ts'
import { byPlacement, cardsMap, readCard, type CardView } from './cardView.ts'
import { carriedForwardMap, readCarriedForward, type CarriedForward } from './carriedForward.ts'
import { compareIds } from './docValues.ts'
import { peopleMap, readPeople } from './people.ts'
import { isRemoved, readRemovals, removalsMap, type Removal } from './removals.ts'
import { readSettings, settingsMap, type BoardSettings } from './settings.ts'
import { readTalks, talkGoingOn, talksMap } from './talks.ts'

/**
 * The board as Svelte reads it: people, talks, cards and settings, re-read
 * whenever the Y.Doc changes (a local edit, a peer's edit, or IndexedDB
 * loading). Observers are attached only while some component is reading.
 * Every feature reads the board through this; each writes through its own
 * model.
 */
export class BoardState {
  readonly #doc: Y.Doc
  #subscribe: () => void

  constructor(doc: Y.Doc) {
    this.#doc = doc
    const people = peopleMap(doc)
    const talks = talksMap(doc)
    const cards = cardsMap(doc)
    const settings = settingsMap(doc)
    const removals = removalsMap(doc)
    const carried = carriedForwardMap(doc)
    this.#subscribe = createSubscriber((update) => {
      // observeDeep: a card's text, reflections and acceptances are nested types, edited in place.
      people.observe(update)
      talks.observe(update)
      cards.observeDeep(update)
      settings.observe(update)
      removals.observe(update)
      carried.observe(update)
      return () => {
        people.unobserve(update)
        talks.unobserve(update)
        cards.unobserveDeep(update)
        settings.unobserve(update)
        removals.unobserve(update)
        carried.unobserve(update)
      }
    })
  }

  #peopleById = $derived.by(() => {
    this.#subscribe()
    const people = readPeople(this.#doc)
    // In the order they joined (ties by id), so every screen lists and names people alike:
    // a Y.Map's own order depends on how each device received it.
    people.sort((a, b) => a.joinedAt - b.joinedAt || compareIds(a, b))
    return new Map(people.map((person) => [person.id, person]))
  })

  #removals = $derived.by(() => {
    this.#subscribe()
    return readRemovals(this.#doc, this.#peopleById)
  })

  #onBoard = $derived(new Map([...this.#peopleById].filter(([id]) => !isRemoved(this.#removals, id))))

  #talks = $derived.by(() => {
    this.#subscribe()
    return readTalks(this.#doc)
  })

  #cardsByLane = $derived.by(() => {
    this.#subscribe()
    const lanes = Object.fromEntries(LANES.map((lane) => [lane.id, [] as CardView[]])) as Record<LaneId, CardView[]>
    for (const [id, fields] of cardsMap(this.#doc)) {
      const card = readCard(id, fields)
      if (card) lanes[card.lane].push(card)
    }
    for (const cards of Object.values(lanes)) cards.sort(byPlacement)
    return lanes
  })

  #carriedForward = $derived.by(() => {
    this.#subscribe()
    return readCarriedForward(this.#doc)
  })

  /** Cards taken up again in a later talk, oldest first; each card stays in the talk it was said in. */
  get carriedForward(): readonly CarriedForward[] {
    return this.#carriedForward
  }

  /** Everyone who has joined the board, by person id, in the order they joined; removed people too, so their cards keep their names. */
  get people(): ReadonlyMap<string, Person> {
    return this.#peopleById
  }

  /** Everyone on the board now: the people who joined, less those removed. Agreements wait for these partners only. */
  get onBoard(): ReadonlyMap<string, Person> {
    return this.#onBoard
  }

  /** Requests to remove someone, and removals, by the person they are about. */
  get removals(): ReadonlyMap<string, Removal> {
    return this.#removals
  }

  /** Every talk, oldest first. */
  get talks(): readonly Talk[] {
    return this.#talks
  }

  /** The talk going on now; null when the latest was ended (or there is none). */
  get talkGoingOn(): Talk | null {
    return talkGoingOn(this.#talks)
  }

  /** 1 for the board's first talk; null for a talk this device does not know (yet). */
  talkNumber(talkId: string | null): number | null {
    const index = this.#talks.findIndex((talk) => talk.id === talkId)
    return index === -1 ? null : index + 1
  }

  /** The board's name and its pause settings, shared by everyone on it. */
  get settings(): BoardSettings {
    this.#subscribe()
    return readSettings(this.#doc)
  }

  /** The cards of one lane, oldest first. */
  cardsIn(lane: LaneId): readonly CardView[] {
    return this.#cardsByLane[lane]
  }
}
