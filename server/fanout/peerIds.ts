/**
 * Peer ids, unique across every process sharing a board: the process's
 * number in the high bits, a per-process counter in the low 32. They stay
 * within JavaScript's safe integers (2^21 processes numbers) and travel as
 * varUints, which carry up to 53 bits.
 */
const PER_PROCESS = 2 ** 32
export const MAX_PROCESS_NUMBER = 2 ** 21 - 1

export function peerIdFor(processNumber: number, counter: number): number {
  return processNumber * PER_PROCESS + counter
}

export function processOfPeer(peerId: number): number {
  return Math.floor(peerId / PER_PROCESS)
}
