/**
 * What presence costs on the wire as a board grows: the real sync client
 * (y-websocket's provider over the encrypting transport, as in the browser),
 * n−1 people on a board, then the n-th joins; then one of them changes their
 * presence (as the 15 s renewal and typing do). Counted are presence frames
 * the clients sent (to everyone or to one newcomer) and the deliveries the
 * server made of them: each delivery is one frame another device decrypts.
 * A count, not a timing: the target is O(n) per join, not O(n²).
 */
import * as Y from 'yjs'
import type { BoardConnection } from '../../client/sync/connectBoard.ts'
import { createBoard, type ServerAddress } from '../../tests/kit/boards.ts'
import { syncClient } from '../../tests/kit/syncClient.ts'
import { sleep, until } from '../../tests/kit/waits.ts'
import { WireTap } from '../../tests/kit/wireTap.ts'

export const PRESENCE_BOARD_SIZES = [2, 10, 50] as const

/** Presence frames sent by clients, and their deliveries by the server. */
export type PresenceCount = { sent: number; delivered: number }
export type PresenceFrames = { people: number; join: PresenceCount; change: PresenceCount }

/** No presence frame for this long: whatever a join or a change set off has settled (they cross the loopback in ms). */
const QUIET_MS = 500
/** Each wait gives up after this, so a stuck client cannot hang the bench. */
const WAIT_MS = 60_000

export async function measurePresenceFrames(
  server: ServerAddress,
  sizes: readonly number[] = PRESENCE_BOARD_SIZES,
): Promise<PresenceFrames[]> {
  const results: PresenceFrames[] = []
  for (const people of sizes) results.push(await measureBoard(server, people))
  return results
}

async function measureBoard(server: ServerAddress, people: number): Promise<PresenceFrames> {
  const board = await createBoard(server)
  // Each provider in Node listens for the process's exit (to say goodbye); fifty of them are no leak.
  process.setMaxListeners(Math.max(process.getMaxListeners(), people + 10))
  const tap = new WireTap({ keepFrames: false })
  const clients: BoardConnection[] = []
  const join = () => {
    const client = syncClient(server, board, new Y.Doc(), tap.WebSocketImpl)
    // As the app does (client/core/presence.svelte.ts): a state never set has clock 0, which peers ignore.
    client.awareness.setLocalState({ personId: `bench-${client.awareness.clientID}`, typingIn: null })
    clients.push(client)
    return client
  }
  const everyoneSees = (count: number) =>
    until(() => clients.every((client) => client.awareness.getStates().size === count), {
      what: `all ${clients.length} clients to see ${count} people`,
      timeoutMs: WAIT_MS,
      everyMs: 20,
    })
  try {
    for (let i = 1; i < people; i++) join()
    await everyoneSees(people - 1)
    await quiet(tap)

    const joinCount = await counted(tap, async () => {
      join()
      await everyoneSees(people)
    })
    const changeCount = await counted(tap, async () => {
      const [changer, ...others] = clients
      changer!.awareness.setLocalStateField('typingIn', 'feelings')
      const id = changer!.awareness.clientID
      await until(() => others.every((other) => other.awareness.getStates().get(id)?.typingIn === 'feelings'), {
        what: 'the others to see the change',
        timeoutMs: WAIT_MS,
        everyMs: 20,
      })
    })
    return { people, join: joinCount, change: changeCount }
  } finally {
    for (const client of clients) client.destroy()
  }
}

async function counted(tap: WireTap, act: () => Promise<void>): Promise<PresenceCount> {
  const [sent, delivered] = [tap.awarenessSent, tap.awarenessReceived]
  await act()
  await quiet(tap)
  return { sent: tap.awarenessSent - sent, delivered: tap.awarenessReceived - delivered }
}

/** Waits until no presence frame moved for QUIET_MS. */
async function quiet(tap: WireTap): Promise<void> {
  const deadline = performance.now() + WAIT_MS
  for (;;) {
    const before = tap.awarenessSent + tap.awarenessReceived
    await sleep(QUIET_MS)
    if (tap.awarenessSent + tap.awarenessReceived === before || performance.now() > deadline) return
  }
}
