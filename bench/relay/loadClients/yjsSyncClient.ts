/**
 * A light client of a Yjs sync server: raw frames, no provider. It writes
 * with its own TextWriter doc; others' edits are logged by first struct id
 * with their arrival time, never applied — the bench measures the server,
 * not Yjs on the client. Each server wraps the sync messages in its own
 * framing (yWebsocketClient.ts, hocuspocusClient.ts).
 *
 * Sync messages (y-protocols/sync.js), after the framing's header:
 *   [messageSync = 0 : varUint][syncStep1 = 0 : varUint][state vector : varUint8Array]
 *   [messageSync = 0 : varUint][syncStep2 = 1 : varUint][update : varUint8Array]
 *   [messageSync = 0 : varUint][update = 2 : varUint][update : varUint8Array]
 * As y-websocket's provider does, the client opens with SyncStep1, is synced
 * once the server's SyncStep2 arrives, and answers the server's SyncStep1
 * with a SyncStep2 of its own.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import { within } from '../../../tests/kit/waits.ts'
import type { LoadClient, SentUpdate, UpdateKey } from './loadClient.ts'
import { TextWriter } from './textWriter.ts'
import { firstStructKey } from './updateKey.ts'

export const MESSAGE_SYNC = 0

export type YjsFraming = {
  name: string
  url(port: number, docName: string): string
  /** Bytes before the message type (Hocuspocus: the document name). */
  writeHeader(encoder: encoding.Encoder, docName: string): void
  /** Reads the header and the message type; undefined for a message meant for another document. */
  readType(decoder: decoding.Decoder, docName: string): number | undefined
  /** Message types that carry a sync message. */
  syncTypes: readonly number[]
  /** Frames to send on open, before SyncStep1 (Hocuspocus: the token). */
  greeting(docName: string): Uint8Array[]
  /** Any other message; throws when it refuses the client (Hocuspocus: permission denied). */
  checkOther(type: number, decoder: decoding.Decoder): void
}

const CONNECT_TIMEOUT_MS = 30_000

export async function joinYjsDocument(port: number, docName: string, framing: YjsFraming): Promise<LoadClient> {
  const startedAt = performance.now()
  const socket = new WebSocket(framing.url(port, docName))
  const writer = new TextWriter()
  const arrivals = new Map<UpdateKey, number>()
  const sends: SentUpdate[] = []
  let closing = false
  let dropped = false

  const message = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder()
    framing.writeHeader(encoder, docName)
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    write(encoder)
    return encoding.toUint8Array(encoder)
  }

  const synced = new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      const now = performance.now()
      try {
        const decoder = decoding.createDecoder(data)
        const type = framing.readType(decoder, docName)
        if (type === undefined) return
        if (!framing.syncTypes.includes(type)) return framing.checkOther(type, decoder)
        const syncType = decoding.readVarUint(decoder)
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          socket.send(message((encoder) => syncProtocol.readSyncStep1(decoder, encoder, writer.doc)))
        } else if (syncType === syncProtocol.messageYjsSyncStep2) {
          resolve()
        } else if (syncType === syncProtocol.messageYjsUpdate) {
          const key = firstStructKey(decoding.readVarUint8Array(decoder))
          if (key !== undefined && !arrivals.has(key)) arrivals.set(key, now)
        }
      } catch (error) {
        reject(error)
      }
    })
    socket.once('open', () => {
      for (const frame of framing.greeting(docName)) socket.send(frame)
      socket.send(message((encoder) => syncProtocol.writeSyncStep1(encoder, writer.doc)))
    })
    // Kept after the sync too: an 'error' with no listener would throw in the bench itself.
    socket.on('error', reject)
    socket.once('close', (code: number) => {
      dropped = !closing
      reject(new Error(`${framing.name} closed the socket before the sync (${code})`))
    })
  })
  await within(synced, CONNECT_TIMEOUT_MS, `${framing.name}'s SyncStep2`)
  const connectMs = performance.now() - startedAt

  return {
    connectMs,
    async sendEdit() {
      const update = writer.nextUpdate()
      const frame = message((encoder) => syncProtocol.writeUpdate(encoder, update))
      sends.push({ sentAt: performance.now(), key: firstStructKey(update), ackedAt: undefined })
      socket.send(frame)
    },
    sent: () => sends,
    arrivals,
    unacked: () => null,
    serverHasAll: () => sends.every((sent) => sent.key !== undefined && arrivals.has(sent.key)),
    dropped: () => dropped,
    close() {
      closing = true
      socket.close()
    },
  }
}
