/**
 * The server frames a traced process sent, read back out of its socket
 * writes. Each TCP connection's bytes are joined in the order written
 * (counting only what each call returned as written, so a short write's
 * rest is taken from the call that retries it); a connection whose first
 * bytes are `HTTP/1.1 101` is a WebSocket after its headers, any other is
 * plain HTTP and ignored.
 *
 * WebSocket framing (RFC 6455 §5.2), as the server sends it, unmasked:
 *   [FIN|RSV|opcode : 1][len7 : 1][len16 : 2 if len7 = 126 | len64 : 8 if len7 = 127][payload]
 * A binary frame's payload is one of our server frames (shared/frames.ts).
 * Compressed, masked or fragmented frames are refused: the server never
 * sends them, and a reader guessing at them could miss an ack.
 */
import { decodeServerFrame, type ServerFrame } from '../../../shared/frames.ts'
import type { Syscall } from './straceLines.ts'

export type SentFrame = {
  frame: ServerFrame
  /** The connection, as strace described its socket. */
  socket: string
  /** The call that wrote the frame's first byte: the earliest the frame could leave. */
  call: Syscall
}

const SOCKET_WRITES = new Set(['write', 'writev', 'sendmsg', 'sendto'])
const UPGRADED = Buffer.from('HTTP/1.1 101 ')
const END_OF_HEADERS = Buffer.from('\r\n\r\n')
const OPCODE_BINARY = 0x2

type Stream = {
  state: 'headers' | 'websocket' | 'plain-http'
  bytes: Buffer
  /** Which call wrote each run of `bytes`, front to back. */
  writers: { call: Syscall; length: number }[]
}

/** Every WebSocket binary frame the process wrote to a TCP socket, decoded, in the order written. */
export function serverFramesSent(calls: readonly Syscall[]): SentFrame[] {
  const streams = new Map<string, Stream>()
  const sent: SentFrame[] = []
  for (const call of calls) {
    if (!SOCKET_WRITES.has(call.name) || !call.target.startsWith('TCP')) continue
    if (call.cut) throw new Error(`${call.target}: strace printed only the start of a ${call.name} at ${call.time}; raise its -s`)
    const written = call.data.subarray(0, Math.max(0, call.result ?? 0))
    if (written.length === 0) continue
    let stream = streams.get(call.target)
    if (stream === undefined) streams.set(call.target, (stream = { state: 'headers', bytes: Buffer.alloc(0), writers: [] }))
    if (stream.state === 'plain-http') continue
    stream.bytes = Buffer.concat([stream.bytes, written])
    stream.writers.push({ call, length: written.length })
    readStream(call.target, stream, sent)
  }
  return sent
}

function readStream(socket: string, stream: Stream, sent: SentFrame[]): void {
  if (stream.state === 'headers') {
    if (stream.bytes.length < UPGRADED.length) return
    if (!stream.bytes.subarray(0, UPGRADED.length).equals(UPGRADED)) {
      stream.state = 'plain-http'
      return
    }
    const end = stream.bytes.indexOf(END_OF_HEADERS)
    if (end === -1) return
    consume(stream, end + END_OF_HEADERS.length)
    stream.state = 'websocket'
  }
  for (;;) {
    const frame = nextWebSocketFrame(socket, stream.bytes)
    if (frame === null) return
    const call = stream.writers[0]!.call
    if (frame.opcode === OPCODE_BINARY) sent.push({ frame: decodeServerFrame(frame.payload), socket, call })
    consume(stream, frame.length)
  }
}

/** The frame at the front of `bytes`, or null while it is incomplete. */
function nextWebSocketFrame(socket: string, bytes: Buffer): { opcode: number; payload: Uint8Array; length: number } | null {
  if (bytes.length < 2) return null
  const [first, second] = [bytes[0]!, bytes[1]!]
  if ((first & 0x80) === 0 || (first & 0x70) !== 0 || (first & 0x0f) === 0 || (second & 0x80) !== 0) {
    throw new Error(
      `${socket}: a fragmented, compressed or masked WebSocket frame (first bytes ${bytes.subarray(0, 2).toString('hex')}); this reader takes only whole, plain frames`,
    )
  }
  const len7 = second & 0x7f
  const headerLength = len7 === 126 ? 4 : len7 === 127 ? 10 : 2
  if (bytes.length < headerLength) return null
  const payloadLength = len7 === 126 ? bytes.readUInt16BE(2) : len7 === 127 ? Number(bytes.readBigUInt64BE(2)) : len7
  if (bytes.length < headerLength + payloadLength) return null
  return { opcode: first & 0x0f, payload: bytes.subarray(headerLength, headerLength + payloadLength), length: headerLength + payloadLength }
}

function consume(stream: Stream, count: number): void {
  stream.bytes = stream.bytes.subarray(count)
  while (count > 0) {
    const writer = stream.writers[0]!
    const taken = Math.min(writer.length, count)
    writer.length -= taken
    count -= taken
    if (writer.length === 0) stream.writers.shift()
  }
}
