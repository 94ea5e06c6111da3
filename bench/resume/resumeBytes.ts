/**
 * What reopening an unchanged board costs on the wire. The real sync client
 * (y-websocket's provider over the encrypting transport, as in the browser)
 * fetches a board of 2,000 cards in full once, then disconnects and
 * reconnects: its hello carries the last seq it holds, so the server should
 * replay nothing, and only the hello, welcome, replayDone, clock pings and
 * presence should move.
 */
import * as Y from 'yjs'
import WebSocket from 'ws'
import { addCard, cardsMap } from '../../client/state/cards.ts'
import { connectBoard, type BoardConnection } from '../../client/sync/connectBoard.ts'
import { createBoard } from '../../client/sync/createBoard.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'

type Address = { url: string; wsUrl: string }

export type ResumeBytes = { cards: number; cardCharacters: number; fullReplay: ConnectionBytes; resumed: ConnectionBytes }
/** Payload bytes one connection sent and received (WebSocket messages, not TCP). */
export type ConnectionBytes = { sent: number; received: number }

export const RESUME_CARDS = 2000
const CARDS_PER_TRANSACTION = 50
const CARD_CHARACTERS = 120
/** A new connection sends 5 clock pings 150 ms apart and says who is present; those bytes count too. */
const SETTLE_MS = 1500
/** Each wait gives up after this, so a stuck client cannot hang the bench. */
const WAIT_MS = 30_000

export async function measureResumeBytes(server: Address): Promise<ResumeBytes> {
  const board = await createBoard(server.url, fetch)
  const open = (doc: Y.Doc, WebSocketImpl: SocketConstructor) =>
    connectBoard({ boardId: board.boardId, secret: board.secret, doc, socketUrl: server.wsUrl, WebSocketImpl, crossTab: false })
  const clients: BoardConnection[] = []
  try {
    const writerDoc = new Y.Doc()
    const writer = open(writerDoc, WebSocket as unknown as SocketConstructor)
    clients.push(writer)
    await within(writer.tracker.whenState('saved'), 'the writer to connect')
    writeCards(writerDoc)
    await within(writer.tracker.whenState('saved'), 'the writer to save its cards')

    const connections: ConnectionBytes[] = []
    const readerDoc = new Y.Doc()
    const reader = open(readerDoc, countingWebSocket(connections))
    clients.push(reader)
    await until(() => cardsMap(readerDoc).size === RESUME_CARDS, 'the reader to hold every card')
    await within(reader.tracker.whenState('saved'), 'the reader to be saved')
    // Settled like the resumed one, so both counts hold their pings and presence.
    await settle()
    // Waiting for "offline" first: the state is still "saved" until the old socket's close arrives.
    reader.provider.disconnect()
    await within(reader.tracker.whenState('offline'), 'the reader to disconnect')
    reader.provider.connect()
    await within(reader.tracker.whenState('saved'), 'the reader to resume')
    await settle()
    if (connections.length !== 2) throw new Error(`expected 2 reader connections, saw ${connections.length}`)
    return { cards: RESUME_CARDS, cardCharacters: CARD_CHARACTERS, fullReplay: connections[0]!, resumed: connections[1]! }
  } finally {
    for (const client of clients) client.destroy()
  }
}

/** As a person would add them, a batch at a time: each batch one transaction, so one update on the wire. */
function writeCards(doc: Y.Doc): void {
  const sentence = 'When the plans changed without a word I felt left out, and I want us to decide such things together. '
  for (let first = 0; first < RESUME_CARDS; first += CARDS_PER_TRANSACTION) {
    doc.transact(() => {
      for (let i = first; i < first + CARDS_PER_TRANSACTION; i++) {
        const text = `${i}: ${sentence.repeat(2)}`.slice(0, CARD_CHARACTERS)
        addCard(doc, { lane: 'feelings', text, authorId: 'bench', createdAt: i, talkId: 'bench' })
      }
    })
  }
}

/** `ws` counting what each connection sends and receives; the transport sees an ordinary socket. */
function countingWebSocket(connections: ConnectionBytes[]): SocketConstructor {
  class CountingWebSocket extends WebSocket {
    readonly #counted: ConnectionBytes = { sent: 0, received: 0 }

    constructor(url: string) {
      super(url)
      connections.push(this.#counted)
      this.addEventListener('message', (event) => (this.#counted.received += (event.data as ArrayBuffer).byteLength))
    }

    override send(data: Uint8Array): void {
      this.#counted.sent += data.byteLength
      super.send(data)
    }
  }
  return CountingWebSocket as unknown as SocketConstructor
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
}

function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + WAIT_MS
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve()
      else if (performance.now() > deadline) reject(new Error(`resume bench: waited ${WAIT_MS} ms for ${what}`))
      else setTimeout(poll, 20)
    }
    poll()
  })
}

async function within(promise: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`resume bench: waited ${WAIT_MS} ms for ${what}`)), WAIT_MS)))
  try {
    await Promise.race([promise, timedOut])
  } finally {
    clearTimeout(timer)
  }
}
