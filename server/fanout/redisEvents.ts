/**
 * Room events as Redis messages between processes, in lib0's binary
 * encoding: [version][origin process][sender peer + 1, or 0][kind]… A
 * message that does not decode is dropped with a log line; the log is the
 * truth, so a lost event costs a fetch, never an entry.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { RoomEvent } from './types.ts'

/** 2: a retirement carries its sealed note. */
const MESSAGE_VERSION = 2
const Kind = { frames: 0, peerLeft: 1, boardRetired: 2 } as const

export type ProcessMessage = {
  /** The process that published it; a process ignores its own (it delivered them already). */
  origin: number
  /** The peer that sent it (null for the server's own events): its process is how its presence ends if that process dies. */
  senderPeerId: number | null
  event: RoomEvent
}

export function encodeProcessMessage({ origin, senderPeerId, event }: ProcessMessage): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_VERSION)
  encoding.writeVarUint(e, origin)
  encoding.writeVarUint(e, senderPeerId === null ? 0 : senderPeerId + 1)
  if (event.type === 'frames') {
    encoding.writeVarUint(e, Kind.frames)
    encoding.writeVarUint(e, event.entrySeq === null ? 0 : event.entrySeq + 1)
    encoding.writeVarUint(e, event.to === undefined ? 0 : event.to + 1)
    encoding.writeVarUint(e, event.frames.length)
    for (const frame of event.frames) encoding.writeVarUint8Array(e, frame)
  } else if (event.type === 'peerLeft') {
    encoding.writeVarUint(e, Kind.peerLeft)
    encoding.writeVarUint(e, event.peerId)
  } else {
    encoding.writeVarUint(e, Kind.boardRetired)
    encoding.writeVarString(e, event.reason)
    encoding.writeVarUint8Array(e, event.note ?? new Uint8Array())
  }
  return encoding.toUint8Array(e)
}

/** Throws on anything this version did not write. */
export function decodeProcessMessage(bytes: Uint8Array): ProcessMessage {
  const d = decoding.createDecoder(bytes)
  const version = decoding.readVarUint(d)
  if (version !== MESSAGE_VERSION) throw new Error(`message version ${version} is not ${MESSAGE_VERSION}`)
  const origin = decoding.readVarUint(d)
  const sender = decoding.readVarUint(d)
  const senderPeerId = sender === 0 ? null : sender - 1
  const kind = decoding.readVarUint(d)
  let event: RoomEvent
  if (kind === Kind.frames) {
    const entrySeq = decoding.readVarUint(d)
    const to = decoding.readVarUint(d)
    const count = decoding.readVarUint(d)
    const frames: Uint8Array[] = []
    for (let i = 0; i < count; i++) frames.push(decoding.readVarUint8Array(d))
    event = { type: 'frames', frames, entrySeq: entrySeq === 0 ? null : entrySeq - 1, ...(to === 0 ? {} : { to: to - 1 }) }
  } else if (kind === Kind.peerLeft) {
    event = { type: 'peerLeft', peerId: decoding.readVarUint(d) }
  } else if (kind === Kind.boardRetired) {
    const reason = decoding.readVarString(d)
    if (reason !== 'deleted' && reason !== 'moved') throw new Error(`unknown retirement ${JSON.stringify(reason)}`)
    const note = decoding.readVarUint8Array(d)
    event = { type: 'boardRetired', reason, note: note.length === 0 ? null : note }
  } else {
    throw new Error(`unknown event kind ${kind}`)
  }
  if (decoding.hasContent(d)) throw new Error('trailing bytes after the event')
  return { origin, senderPeerId, event }
}
