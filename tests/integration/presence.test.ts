/**
 * Presence through the real server and real sockets, with the app's own
 * sync client (y-websocket's provider over the encrypting transport): each
 * device speaks only for itself, so a join or a renewal costs frames in
 * proportion to the board, not to its square, and a device that leaves says
 * goodbye itself, without waiting for the server's word.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import WebSocket from 'ws'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import { encodePresenceEntries, type PresenceEntry } from '../../client/sync/presenceUpdate.ts'
import { createBoard, seal } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState, type SyncClient } from '../kit/syncClient.ts'
import { afterThisTest } from '../kit/teardown.ts'
import { sleep, until } from '../kit/waits.ts'
import { WireTap } from '../kit/wireTap.ts'

/** Long enough for every echo of a presence change to have crossed the loopback (they take a few ms). */
const ECHO_MS = 400

/** Presence frames sent and delivered while `act` runs and everything it set off settles. */
async function countPresence(tap: WireTap, act: () => Promise<void>): Promise<{ sent: number; delivered: number }> {
  const [sent, delivered] = [tap.awarenessSent, tap.awarenessReceived]
  await act()
  await sleep(ECHO_MS)
  return { sent: tap.awarenessSent - sent, delivered: tap.awarenessReceived - delivered }
}

/** Someone on the board, saying who they are as the app does (a state never set is one y-protocols' peers ignore: clock 0). */
function person(server: { wsUrl: string }, board: { boardId: string; secret: Uint8Array }, WebSocketImpl?: SocketConstructor): SyncClient {
  const client = syncClient(server, board, new Y.Doc(), WebSocketImpl)
  client.awareness.setLocalState({ personId: `person-${client.doc.clientID}`, typingIn: null })
  return client
}

const everyoneSees = (clients: readonly SyncClient[], count: number) =>
  until(() => clients.every((client) => client.awareness.getStates().size === count), `everyone to see ${count} people`)

describe('presence', () => {
  it('the k-th person joining costs 2k−1 frames and 3(k−1) deliveries, and a renewal one frame: nobody echoes anyone else', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const tap = new WireTap({ keepFrames: false })
    const clients: SyncClient[] = []
    const join = () => {
      const client = person(server, board, tap.WebSocketImpl)
      clients.push(client)
      return client
    }
    for (let i = 0; i < 4; i++) join()
    await everyoneSees(clients, 4)
    await sleep(ECHO_MS)

    // One frame from the newcomer to everyone; one from each of the four to the newcomer alone, and the newcomer's
    // answer to each (it cannot tell a peer answering it from one joining just after it, who would need it).
    const joining = await countPresence(tap, async () => {
      await waitForState(join(), 'saved')
      await everyoneSees(clients, 5)
    })
    expect(joining).toEqual({ sent: 9, delivered: 12 })

    const renewing = await countPresence(tap, async () => {
      const [renewer, ...others] = clients
      renewer!.awareness.setLocalStateField('typingIn', 'feelings')
      await until(
        () => others.every((other) => other.awareness.getStates().get(renewer!.doc.clientID)?.typingIn === 'feelings'),
        'the others to see it',
      )
    })
    expect(renewing).toEqual({ sent: 1, delivered: 4 })
  })

  it.each([
    ['leaves the page (the provider disconnects)', (client: SyncClient) => client.provider.disconnect()],
    ['closes the board (destroy)', (client: SyncClient) => client.destroy()],
  ])('someone who %s is gone for the others by their own goodbye, before the server says they left', async (_, leave) => {
    const { server } = await newServer()
    const board = await createBoard(server)
    // The leaver's socket never closes toward the server: no peerLeft can come, only the leaver's own goodbye.
    const leaver = person(server, board, socketThatNeverCloses())
    const watcherTap = new WireTap()
    const watcher = person(server, board, watcherTap.WebSocketImpl)
    await Promise.all([waitForState(leaver, 'saved'), waitForState(watcher, 'saved')])
    await everyoneSees([leaver, watcher], 2)

    leave(leaver)
    await until(() => expect(watcher.awareness.getStates().has(leaver.doc.clientID)).toBe(false), 'the leaver to be gone')
    expect(watcherTap.connections.flatMap((connection) => connection.received).filter((frame) => frame.tag === 'peerLeft')).toEqual([])
    expect(watcher.tracker.presenceDropped).toBe(0)
  })

  it('a peer speaks only for itself: a goodbye or a state it sends in someone else’s name is dropped and counted', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alice = person(server, board)
    const bob = person(server, board)
    await everyoneSees([alice, bob], 2)
    const bobId = bob.doc.clientID
    const bobsClock = alice.awareness.meta.get(bobId)!.clock

    // Someone holding the link, speaking the protocol by hand.
    const { client: mallory } = await joinBoard(server, board)
    const say = async (entries: PresenceEntry[]) =>
      mallory.send({ tag: 'pushAwareness', sealed: await seal(board, encodePresenceEntries(entries), 'awareness') })
    await say([{ clientId: bobId, clock: bobsClock + 5, stateJson: 'null' }])
    await say([{ clientId: 4242, clock: 1, stateJson: '{"personId":"mallory"}' }])
    await say([
      { clientId: 4242, clock: 2, stateJson: '{"personId":"mallory"}' },
      { clientId: bobId, clock: bobsClock + 6, stateJson: '{"personId":"not bob"}' },
    ])
    // Frames are read in order: once the last one's own entry applied, all three were read.
    await until(() => expect(alice.awareness.meta.get(4242)?.clock).toBe(2))
    expect(alice.awareness.getStates().get(bobId)).toEqual({ personId: `person-${bobId}`, typingIn: null })
    expect(alice.awareness.getStates().get(4242)).toEqual({ personId: 'mallory' })
    expect(alice.tracker.presenceDropped).toBe(2)
  })
})

/** A `ws` socket whose close is never sent: the server keeps it open until the test ends. */
function socketThatNeverCloses(): SocketConstructor {
  const held: WebSocket[] = []
  afterThisTest(() => held.forEach((socket) => socket.terminate()))
  return class extends WebSocket {
    constructor(url: string) {
      super(url)
      held.push(this)
    }

    override close(): void {}
  } as unknown as SocketConstructor
}
