/**
 * One person in the soak: a partner or facilitator on one device, doing
 * what the app's screens do, through the client's own doc functions — adding
 * and editing cards, typing (presence), pausing and saying ready, starting
 * the next talk (which asks for a history point, so a snapshot) — at a
 * human pace. Now and then the device loses its connection (a clean close,
 * or a dropped network without one) and comes back resuming from the seq
 * it holds; now and then the person closes the tab and opens the board
 * afresh, which replays it in full.
 */
import { CardEdit } from '../../client/cards/cardEdit.ts'
import { addCard, deleteCard } from '../../client/cards/cards.ts'
import { cardsMap } from '../../client/core/cardView.ts'
import { readPause, sayReady, startPause, type VerdictOf } from '../../client/pause/pause.ts'
import { joinBoard, readPeople } from '../../client/core/people.ts'
import { currentTalkId, endTalk, ensureFirstTalk, openTalk, startTalk } from '../../client/core/talks.ts'
import type { NewBoard } from '../../client/sync/createBoard.ts'
import { CardField, LANES, PERSON_COLOURS, type Person, type Role } from '../../shared/schema.ts'
import { LoadClient, type ServerAddress } from '../load/loadClient.ts'

/** The soak measures load, not trust: its people sign nothing, and every ready is taken as theirs. */
const BELIEVE_EVERYONE: VerdictOf = (_kind, _fields, _claim, personId) => ({
  state: 'verified',
  personId: personId ?? '',
  deviceId: 'soak',
})
import type { WireTap } from '../../tests/kit/wireTap.ts'

export type Pace = {
  /** Mean time between two things this person does. */
  actMs: number
  /** Mean time between two new talks this person starts (each asks for a history point: a snapshot). */
  talkMs: number
  /** Mean time between two lost connections. */
  dropMs: number
  /** Mean time between two closings of the tab. */
  reopenMs: number
}

export type SoakCounts = {
  cards: number
  deleted: number
  edits: number
  typing: number
  pauses: number
  readies: number
  talks: number
  historyPointsStored: number
  cleanDrops: number
  droppedNetworks: number
  reopens: number
}

/** What one device saw: snapshots it began, changes it could not read, refusals for good, sockets it opened. */
export type DeviceTally = { snapshotsBegun: number; unreadable: number; closedForGood: number; connections: number }

function tallyOf(client: LoadClient): DeviceTally {
  const { tap, tracker } = client
  return {
    snapshotsBegun: tap.snapshotsBegun,
    unreadable: tracker.unreadable,
    closedForGood: tracker.closedCode === null ? 0 : 1,
    connections: tap.connections.length,
  }
}

export function emptyCounts(): SoakCounts {
  return {
    cards: 0,
    deleted: 0,
    edits: 0,
    typing: 0,
    pauses: 0,
    readies: 0,
    talks: 0,
    historyPointsStored: 0,
    cleanDrops: 0,
    droppedNetworks: 0,
    reopens: 0,
  }
}

/**
 * A board this full has its people tidy it: each would-be new card deletes
 * one of their own instead. Boards then stop growing, so the server's
 * memory slope over a long run shows what it keeps, not how big the boards got.
 */
export const CARDS_KEPT = 200
/** A pause this long (6 s) counts down and asks for "ready" within a short run. */
const PAUSE_MINUTES = 0.1
const SENTENCES = [
  'When the plans changed without a word I felt left out.',
  'I need us to decide such things together, even the small ones.',
  'Thank you for listening last night without fixing anything.',
  'Could we keep Sunday mornings for the two of us?',
  'I worry that we only talk when something has gone wrong.',
  'I felt relieved when you told me about the call.',
]

export class SoakPerson {
  #client: LoadClient
  /** What the devices this person closed counted: it still counts. */
  readonly #closed: DeviceTally = { snapshotsBegun: 0, unreadable: 0, closedForGood: 0, connections: 0 }
  /** The wire taps of every device this person used, closed ones too: a socket left open shows there. */
  readonly #taps: WireTap[] = []
  #joined = false
  #stopped = false
  readonly #timers = new Set<NodeJS.Timeout>()
  readonly #person: Person

  constructor(
    private readonly server: ServerAddress,
    readonly board: NewBoard,
    personId: string,
    role: Role,
    colourIndex: number,
    private readonly pace: Pace,
    private readonly counts: SoakCounts,
  ) {
    this.#person = { id: personId, name: personId, color: PERSON_COLOURS[colourIndex % PERSON_COLOURS.length]!, role, joinedAt: Date.now() }
    this.#client = this.#open()
  }

  get client(): LoadClient {
    return this.#client
  }

  /** Counted over every device this person used. */
  get tally(): DeviceTally {
    const current = tallyOf(this.#client)
    return {
      snapshotsBegun: this.#closed.snapshotsBegun + current.snapshotsBegun,
      unreadable: this.#closed.unreadable + current.unreadable,
      closedForGood: this.#closed.closedForGood + current.closedForGood,
      connections: this.#closed.connections + current.connections,
    }
  }

  start(): void {
    this.#every(this.pace.actMs, () => this.#act())
    this.#every(this.pace.talkMs, () => this.#joined && this.#nextTalk(this.#client.connection.clock.now()))
    this.#every(this.pace.dropMs, () => this.#loseConnection())
    this.#every(this.pace.reopenMs, () => this.#reopen())
  }

  /** Stops doing things and makes sure the device is connected, so its changes reach the server. */
  stop(): void {
    this.#stopped = true
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    const { provider } = this.#client.connection
    if (!provider.shouldConnect) provider.connect()
  }

  leave(): void {
    this.stop()
    this.#client.leave()
  }

  /** Sockets still connecting or open on any device this person used; none once they have left. */
  get socketsStillOpen(): number {
    return this.#taps.reduce((sum, tap) => sum + tap.live.size, 0)
  }

  #open(): LoadClient {
    const client = new LoadClient(this.server, this.board, this.#person.id)
    this.#taps.push(client.tap)
    this.#joined = false
    // As OpenBoard does once the board is loaded: say who is here, and make sure there is a talk.
    void client.tracker.whenState('saved').then(() => {
      if (this.#client !== client) return
      joinBoard(client.doc, this.#person)
      ensureFirstTalk(client.doc, client.connection.clock.now())
      this.#joined = true
    })
    return client
  }

  /** Calls `task` again and again, each time after a random wait averaging `meanMs`. */
  #every(meanMs: number, task: () => void): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer)
        if (this.#stopped) return
        task()
        this.#every(meanMs, task)
      },
      meanMs * (0.5 + Math.random()),
    )
    this.#timers.add(timer)
  }

  #act(): void {
    if (!this.#joined) return
    const { doc, connection } = this.#client
    const now = connection.clock.now()
    const roll = Math.random()
    if (roll < 0.5 && cardsMap(doc).size >= CARDS_KEPT) {
      this.#deleteOwnCard()
    } else if (roll < 0.5) {
      const lane = LANES[Math.floor(Math.random() * LANES.length)]!.id
      if (addCard(doc, { lane, text: sentence(), authorId: this.#person.id, createdAt: now, talkId: currentTalkId(doc, now) }))
        this.counts.cards++
    } else if (roll < 0.78) {
      this.#editOwnCard(now)
    } else if (roll < 0.92) {
      connection.awareness.setLocalStateField('typingIn', LANES[Math.floor(Math.random() * LANES.length)]!.id)
      const client = this.#client
      this.#later(2000, () => this.#client === client && connection.awareness.setLocalStateField('typingIn', null))
      this.counts.typing++
    } else {
      const people = this.#people()
      if (
        readPause(doc, people, now, BELIEVE_EVERYONE) === null &&
        startPause(doc, people, { minutes: PAUSE_MINUTES, now, talkId: currentTalkId(doc, now), pausedBy: null }, BELIEVE_EVERYONE)
      )
        this.counts.pauses++
    }
    this.#readyIfAsked()
  }

  #deleteOwnCard(): void {
    const cardId = this.#ownCardId()
    if (cardId === null) return
    deleteCard(this.#client.doc, cardId)
    this.counts.deleted++
  }

  #editOwnCard(now: number): void {
    const { doc } = this.#client
    const cardId = this.#ownCardId()
    if (cardId === null) return
    const edit = CardEdit.begin(doc, cardId)
    if (edit === null) return
    const text = edit.baseText.length > 1500 ? sentence() : `${edit.baseText} ${sentence()}`
    if (edit.save({ text }, this.#person.id, now) === 'saved') this.counts.edits++
  }

  /** One of this person's cards, at random; null when they have none. */
  #ownCardId(): string | null {
    const own = [...cardsMap(this.#client.doc).entries()].filter(([, fields]) => fields.get(CardField.authorId) === this.#person.id)
    return own.length === 0 ? null : own[Math.floor(Math.random() * own.length)]![0]
  }

  /** As TalkInfo does: end the talk going on, start the next, and keep a version of the board for its history. */
  #nextTalk(now: number): void {
    const { doc, connection } = this.#client
    const going = openTalk(doc)
    if (going) endTalk(doc, going.id, now)
    startTalk(doc, now)
    this.counts.talks++
    void connection.requestHistoryPoint().then(() => this.counts.historyPointsStored++)
  }

  /** A partner whose pause has counted down says they are ready, as they would on coming back. */
  #readyIfAsked(): void {
    const { doc, connection } = this.#client
    const now = connection.clock.now()
    const people = this.#people()
    const pause = readPause(doc, people, now, BELIEVE_EVERYONE)
    if (pause?.phase !== 'awaitingReady' || !pause.waitingIds.includes(this.#person.id)) return
    void sayReady(doc, { people, personId: this.#person.id, now: () => now, boardId: '', signer: null, verdictOf: BELIEVE_EVERYONE })
    this.counts.readies++
  }

  #people(): Map<string, Person> {
    return new Map(readPeople(this.#client.doc).map((person) => [person.id, person]))
  }

  #loseConnection(): void {
    const client = this.#client
    const { provider } = client.connection
    if (!provider.shouldConnect) return
    if (Math.random() < 0.5) {
      // Closed on purpose (the page hidden, say), back after a few seconds: a clean close both ways.
      // Only if the tab is still the one open: connecting a provider that was destroyed would bring back a device nobody holds.
      provider.disconnect()
      this.counts.cleanDrops++
      this.#later(1000 + Math.random() * 7000, () => this.#client === client && provider.connect())
    } else {
      // The network went: no closing handshake; the provider notices and reconnects by its back-off.
      this.#client.tap.dropWithoutClosing()
      this.counts.droppedNetworks++
    }
  }

  #reopen(): void {
    this.#client.leave()
    const closed = tallyOf(this.#client)
    this.#closed.snapshotsBegun += closed.snapshotsBegun
    this.#closed.unreadable += closed.unreadable
    this.#closed.closedForGood += closed.closedForGood
    this.#closed.connections += closed.connections
    this.#client = this.#open()
    this.counts.reopens++
  }

  #later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      if (!this.#stopped) task()
    }, ms)
    this.#timers.add(timer)
  }
}

function sentence(): string {
  const count = 1 + Math.floor(Math.random() * 3)
  return Array.from({ length: count }, () => SENTENCES[Math.floor(Math.random() * SENTENCES.length)]!).join(' ')
}
