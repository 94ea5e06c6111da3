import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { SvelteSet } from 'svelte/reactivity'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { readRepairs, readWelcomes, repairsMap, sendRepair, setWelcome, welcomeMap, type Repair, type WelcomePhrases } from './repairs.ts'

/** Repair phrases on this board: who welcomes which, the ones sent, and which notices this device has set aside. */
export class RepairModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #watchWelcome: () => void
  readonly #watchRepairs: () => void
  /** Notices dismissed on this device only: another screen keeps its own. */
  readonly #dismissed = new SvelteSet<string>()

  constructor(doc: Y.Doc, clock: ServerClock) {
    this.#doc = doc
    this.#clock = clock
    this.#watchWelcome = watchMap(welcomeMap(doc))
    this.#watchRepairs = watchMap(repairsMap(doc))
  }

  /** Each person's welcome phrases, by person id. */
  get welcomes(): Map<string, WelcomePhrases> {
    this.#watchWelcome()
    return readWelcomes(this.#doc)
  }

  /** Every phrase sent, oldest first. */
  get sent(): Repair[] {
    this.#watchRepairs()
    return readRepairs(this.#doc)
  }

  setWelcome(personId: string, welcome: readonly string[]): void {
    setWelcome(this.#doc, personId, welcome, this.#clock.now())
  }

  send(phraseId: string, byId: string, talkId: string): void {
    sendRepair(this.#doc, { phraseId, byId, talkId, at: this.#clock.now() })
  }

  isDismissed(repairId: string): boolean {
    return this.#dismissed.has(repairId)
  }

  dismiss(repairId: string): void {
    this.#dismissed.add(repairId)
  }
}

export const [getRepair, setRepair] = createContext<RepairModel>()
