import type * as Y from 'yjs'
import { createSubscriber } from 'svelte/reactivity'
import { LANES, type LaneId, type Person } from '../../shared/schema.ts'
import { byPlacement, cardsMap, readCard, type CardView } from './cards.ts'
import { isPerson, peopleMap } from './people.ts'

/**
 * The board as Svelte reads it: people and cards, re-read whenever the
 * Y.Doc changes (a local edit, a peer's edit, or IndexedDB loading).
 * Observers are attached only while some component is reading.
 */
export class BoardState {
  #people: Y.Map<Person>
  #cards: Y.Map<Y.Map<unknown>>
  #subscribe: () => void

  constructor(doc: Y.Doc) {
    this.#people = peopleMap(doc)
    this.#cards = cardsMap(doc)
    this.#subscribe = createSubscriber((update) => {
      const people = this.#people
      const cards = this.#cards
      // observeDeep: a card's text is a nested Y.Text, edited in place.
      people.observe(update)
      cards.observeDeep(update)
      return () => {
        people.unobserve(update)
        cards.unobserveDeep(update)
      }
    })
  }

  #peopleById = $derived.by(() => {
    this.#subscribe()
    const people = new Map<string, Person>()
    for (const [id, person] of this.#people) if (isPerson(person) && person.id === id) people.set(id, person)
    return people
  })

  #cardsByLane = $derived.by(() => {
    this.#subscribe()
    const lanes = Object.fromEntries(LANES.map((lane) => [lane.id, [] as CardView[]])) as Record<LaneId, CardView[]>
    for (const [id, fields] of this.#cards) {
      const card = readCard(id, fields)
      if (card) lanes[card.lane].push(card)
    }
    for (const cards of Object.values(lanes)) cards.sort(byPlacement)
    return lanes
  })

  /** Everyone who has joined the board, by person id. */
  get people(): ReadonlyMap<string, Person> {
    return this.#peopleById
  }

  /** The cards of one lane, oldest first. */
  cardsIn(lane: LaneId): readonly CardView[] {
    return this.#cardsByLane[lane]
  }
}
