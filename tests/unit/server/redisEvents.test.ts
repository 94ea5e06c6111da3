import { describe, expect, it } from 'vitest'
import { decodeProcessMessage, encodeProcessMessage, type ProcessMessage } from '../../../server/fanout/redisEvents.ts'
import { peerIdFor, processOfPeer } from '../../../server/fanout/peerIds.ts'

describe('room events between processes', () => {
  const messages: ProcessMessage[] = [
    {
      origin: 3,
      senderPeerId: peerIdFor(3, 17),
      event: { type: 'frames', frames: [new Uint8Array([1, 2]), new Uint8Array(0)], entrySeq: 0 },
    },
    { origin: 1, senderPeerId: null, event: { type: 'frames', frames: [new Uint8Array([9])], entrySeq: null, to: peerIdFor(2, 1) } },
    {
      origin: 2_097_151,
      senderPeerId: peerIdFor(2_097_151, 2 ** 32 - 1),
      event: { type: 'peerLeft', peerId: peerIdFor(2_097_151, 2 ** 32 - 1) },
    },
    { origin: 1, senderPeerId: null, event: { type: 'boardRetired', reason: 'moved', note: null } },
    { origin: 1, senderPeerId: null, event: { type: 'boardRetired', reason: 'deleted', note: new Uint8Array([7, 8, 9]) } },
  ]

  it.each(messages)('decode(encode(m)) is m: %j', (message) => {
    expect(decodeProcessMessage(encodeProcessMessage(message))).toEqual(message)
  })

  it('refuses what this version did not write: another version, an unknown kind, trailing or missing bytes', () => {
    const valid = encodeProcessMessage(messages[0]!)
    expect(() => decodeProcessMessage(new Uint8Array([3, ...valid.subarray(1)]))).toThrow(/message version 3/)
    expect(() => decodeProcessMessage(new Uint8Array([2, 1, 0, 9]))).toThrow(/unknown event kind 9/)
    expect(() => decodeProcessMessage(new Uint8Array([...valid, 0]))).toThrow(/trailing bytes/)
    expect(() => decodeProcessMessage(valid.subarray(0, valid.length - 1))).toThrow()
    expect(() =>
      decodeProcessMessage(
        encodeProcessMessage({ ...messages[3]!, event: { type: 'boardRetired', reason: 'lost' as 'moved', note: null } }),
      ),
    ).toThrow(/unknown retirement/)
  })

  it('a peer id names its process, for every process number there can be', () => {
    expect(processOfPeer(peerIdFor(0, 1))).toBe(0)
    expect(processOfPeer(peerIdFor(2_097_151, 2 ** 32 - 1))).toBe(2_097_151)
    expect(Number.isSafeInteger(peerIdFor(2_097_151, 2 ** 32 - 1))).toBe(true)
  })
})
