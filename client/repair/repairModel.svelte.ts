import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { SvelteSet } from 'svelte/reactivity'
import type { Signer } from '../../shared/signing.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { signClaim } from '../core/claims.ts'
import { newId } from '../core/ids.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import {
  readRepairs,
  readWelcomes,
  repairFields,
  repairsMap,
  sendRepair,
  inPaletteOrder,
  readWelcome,
  setWelcome,
  welcomeFields,
  welcomeMap,
  type Repair,
  type WelcomePhrases,
} from './repairs.ts'
import { keepDismissed, loadDismissed } from './dismissedHere.ts'

/** Repair phrases on this board: who welcomes which, the ones sent, and which notices this device has set aside. */
export class RepairModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #signing: { boardId: string; signer: Promise<Signer | null> }
  readonly #trust: BoardTrust
  readonly #watchWelcome: () => void
  readonly #watchRepairs: () => void
  #welcomeWrites: Promise<void> = Promise.resolve()
  /** Notices dismissed on this device only (kept for the tab's life): another screen keeps its own. */
  readonly #dismissed: SvelteSet<string>

  constructor(doc: Y.Doc, clock: ServerClock, signing: { boardId: string; signer: Promise<Signer | null> }, trust: BoardTrust) {
    this.#doc = doc
    this.#clock = clock
    this.#signing = signing
    this.#trust = trust
    this.#watchWelcome = watchMap(welcomeMap(doc))
    this.#watchRepairs = watchMap(repairsMap(doc))
    this.#dismissed = new SvelteSet(loadDismissed(signing.boardId))
  }

  /** Each person's welcome phrases, by person id: only lists that are their person's as far as this device can vouch (or still being checked). */
  get welcomes(): Map<string, WelcomePhrases> {
    this.#watchWelcome()
    const vouched = [...readWelcomes(this.#doc)].filter(([, entry]) => {
      const state = this.#trust.verdict('welcome', welcomeFields(entry), entry.claim, entry.personId).state
      return state === 'verified' || state === 'checking'
    })
    return new Map(vouched)
  }

  /** Every phrase sent, oldest first. */
  get sent(): Repair[] {
    this.#watchRepairs()
    return readRepairs(this.#doc)
  }

  /**
   * Marks one phrase welcome (or not) in this person's list, signed as theirs first. Marks are written one after
   * another, each from the list as the last one left it, so two quick taps both count. Resolves once written.
   */
  markWelcome(personId: string, phraseId: string, welcome: boolean): Promise<void> {
    const write = async () => {
      const marked = new Set<string>(readWelcome(personId, welcomeMap(this.#doc).get(personId))?.welcome ?? [])
      if (welcome) marked.add(phraseId)
      else marked.delete(phraseId)
      const entry = { personId, welcome: inPaletteOrder([...marked]), at: this.#clock.now() }
      const signer = await this.#signing.signer.catch(() => null)
      const claim = signer && (await signClaim(signer, this.#signing.boardId, 'welcome', welcomeFields(entry)).catch(() => null))
      setWelcome(this.#doc, entry, claim)
    }
    this.#welcomeWrites = this.#welcomeWrites.then(write, write)
    return this.#welcomeWrites
  }

  /** Sends a phrase, signed as this person's first, then written with its claim. Resolves once written. */
  async send(phraseId: string, byId: string, talkId: string): Promise<void> {
    const repair = { id: newId(), phraseId, byId, talkId, at: this.#clock.now() }
    const signer = await this.#signing.signer.catch(() => null)
    const claim = signer && (await signClaim(signer, this.#signing.boardId, 'repair', repairFields(repair)).catch(() => null))
    sendRepair(this.#doc, repair, { id: repair.id, claim })
  }

  /** Whether a phrase sent verifies as its sender's, here (reactive: `checking` first). */
  verdict(repair: Repair): Verdict {
    const fields = repairFields({ ...repair, phraseId: repair.phrase.id })
    return this.#trust.verdict('repair', fields, repair.claim, repair.byId)
  }

  /** The phrases sent that are their sender's as far as this device can vouch (or still being checked): what a summary lists under names. */
  get vouched(): Repair[] {
    return this.sent.filter((repair) => ['verified', 'checking'].includes(this.verdict(repair).state))
  }

  isDismissed(repairId: string): boolean {
    return this.#dismissed.has(repairId)
  }

  dismiss(repairId: string): void {
    this.#dismissed.add(repairId)
    keepDismissed(this.#signing.boardId, this.#dismissed)
  }
}

export const [getRepair, setRepair] = createContext<RepairModel>()
