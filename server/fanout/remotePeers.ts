/**
 * The peers of other processes that sockets here have heard from, per
 * board. A process killed outright never says its peers left; once its
 * liveness key has expired, the peers it held are told gone here, so their
 * presence disappears within seconds instead of lingering.
 */
import { processOfPeer } from './peerIds.ts'

export class RemotePeers {
  readonly #byBoard = new Map<string, Set<number>>()

  heard(boardId: string, peerId: number): void {
    let peers = this.#byBoard.get(boardId)
    if (peers === undefined) {
      peers = new Set()
      this.#byBoard.set(boardId, peers)
    }
    peers.add(peerId)
  }

  left(boardId: string, peerId: number): void {
    const peers = this.#byBoard.get(boardId)
    if (peers === undefined) return
    peers.delete(peerId)
    if (peers.size === 0) this.#byBoard.delete(boardId)
  }

  /** Nobody here is on the board any more, so nobody here needs to hear who left. */
  forgetBoard(boardId: string): void {
    this.#byBoard.delete(boardId)
  }

  processes(): Set<number> {
    const processes = new Set<number>()
    for (const peers of this.#byBoard.values()) for (const peerId of peers) processes.add(processOfPeer(peerId))
    return processes
  }

  /** Removes and returns every peer of the dead processes, by board. */
  takePeersOf(dead: ReadonlySet<number>): { boardId: string; peerId: number }[] {
    const gone: { boardId: string; peerId: number }[] = []
    for (const [boardId, peers] of this.#byBoard) {
      for (const peerId of peers) if (dead.has(processOfPeer(peerId))) gone.push({ boardId, peerId })
    }
    for (const { boardId, peerId } of gone) this.left(boardId, peerId)
    return gone
  }
}
