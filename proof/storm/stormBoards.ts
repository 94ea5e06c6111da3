/**
 * The storm's boards before the storm: created over HTTP as the browser
 * does, two real clients on each, and some history written by those
 * clients — cards, one change per acknowledged push, and on every fourth
 * board a snapshot (a history point, as starting a talk asks for) with more
 * cards after it, so a resume replays from a snapshot's far side.
 */
import { addCard } from '../../client/cards/cards.ts'
import { cardsMap } from '../../client/core/cardView.ts'
import { createBoard, type NewBoard } from '../../client/sync/createBoard.ts'
import { cameTrue, inBatches, within } from '../../tests/kit/waits.ts'
import { LoadClient, type ServerAddress } from '../load/loadClient.ts'

export type StormShape = {
  boards: number
  clientsPerBoard: number
  /** Cards each client writes before the history point… */
  cardsBeforeSnapshot: number
  /** …and after it. */
  cardsAfterSnapshot: number
  /** Every n-th board gets a snapshot. */
  snapshotEvery: number
}

export type StormBoard = { board: NewBoard; clients: LoadClient[] }

const CREATE_CONCURRENCY = 32
/** Clients connect in waves of this many, each wave waited for, so the set-up is not itself a storm. */
const CONNECT_WAVE = 250
const SETUP_WAIT_MS = 90_000
const LANES = ['feelings', 'needs', 'appreciations', 'questions'] as const

export async function prepareStormBoards(
  server: ServerAddress,
  shape: StormShape,
  progress: (line: string) => void,
): Promise<StormBoard[]> {
  const created = await inBatches(Array.from({ length: shape.boards }), CREATE_CONCURRENCY, () => createBoard(server.url, fetch))
  const boards: StormBoard[] = created.map((board) => ({ board, clients: [] }))
  for (let first = 0; first < boards.length; first += CONNECT_WAVE / shape.clientsPerBoard) {
    const wave = boards.slice(first, first + CONNECT_WAVE / shape.clientsPerBoard)
    for (const storm of wave) {
      for (let seat = 0; seat < shape.clientsPerBoard; seat++) storm.clients.push(new LoadClient(server, storm.board, `person-${seat}`))
    }
    await within(
      Promise.all(wave.flatMap((storm) => storm.clients.map((client) => client.tracker.whenState('saved')))),
      SETUP_WAIT_MS,
      'a wave of clients to connect',
    )
  }
  const everyClient = boards.flatMap((storm) => storm.clients)
  progress(`${everyClient.length} clients connected`)
  await Promise.all(everyClient.map((client) => writeCards(client, shape.cardsBeforeSnapshot)))
  progress(`${shape.cardsBeforeSnapshot} cards written by each client`)
  const snapshotted = boards.filter((_, index) => index % shape.snapshotEvery === 0)
  await within(
    Promise.all(snapshotted.map((storm) => storm.clients[0]!.connection.requestHistoryPoint())),
    SETUP_WAIT_MS,
    'the history points',
  )
  progress(`${snapshotted.length} history points stored`)
  await Promise.all(everyClient.map((client) => writeCards(client, shape.cardsAfterSnapshot)))
  const expected = cardsPerBoard(shape)
  if (
    !(await cameTrue(() => everyClient.every((client) => cardsMap(client.doc).size === expected), {
      timeoutMs: SETUP_WAIT_MS,
      everyMs: 100,
    }))
  ) {
    throw new Error(`after the set-up not every client holds its board's ${expected} cards`)
  }
  return boards
}

export function cardsPerBoard(shape: StormShape): number {
  return shape.clientsPerBoard * (shape.cardsBeforeSnapshot + shape.cardsAfterSnapshot)
}

/** One card at a time, each waited for until the server acknowledged it: one entry in the log per card. */
async function writeCards(client: LoadClient, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const lane = LANES[i % LANES.length]!
    const text = `${client.personId} card ${i}: when the plans changed without a word I felt left out, and I want us to decide such things together.`
    addCard(client.doc, { lane, text, authorId: client.personId, createdAt: Date.now(), talkId: 'storm' })
    await within(client.tracker.whenState('saved'), SETUP_WAIT_MS, `card ${i} of ${client.personId} to be saved`)
  }
}
