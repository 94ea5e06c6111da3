import { describe, expect, test } from 'vitest'
import { deriveBoardKeys, generateBoardId, generateBoardSecret, sealPayload } from '../../../shared/crypto.ts'
import {
  openChange,
  openSnapshot,
  readUpdateEnvelope,
  signSnapshot,
  signUpdate,
  updateSignedBytes,
} from '../../../shared/signedEnvelope.ts'
import { generateSigningKeyPair, signerOf, verifyBytes } from '../../../shared/signing.ts'

describe('signed envelopes', () => {
  test('a change sealed before signing still opens, and reads as unsigned', async () => {
    const boardId = generateBoardId()
    const { encryptionKey } = await deriveBoardKeys(boardId, generateBoardSecret())
    const update = new Uint8Array([1, 2, 3])
    const opened = await openChange(encryptionKey, boardId, await sealPayload(encryptionKey, boardId, 'update', update))
    expect(opened).toEqual({ update, signed: null })
    const snapshot = await openSnapshot(encryptionKey, boardId, await sealPayload(encryptionKey, boardId, 'snapshot', update))
    expect(snapshot).toEqual({ state: update, signed: null })
  })

  test('a signed change names its device and counter, and its signature holds only for that board, device, counter and change', async () => {
    const boardId = generateBoardId()
    const { encryptionKey } = await deriveBoardKeys(boardId, generateBoardSecret())
    const pair = await generateSigningKeyPair()
    const signer = signerOf('device-a', pair)
    const update = new Uint8Array([9, 8, 7])
    const sealed = await sealPayload(encryptionKey, boardId, 'signedUpdate', await signUpdate(signer, boardId, 42, update))
    const { signed } = await openChange(encryptionKey, boardId, sealed)
    expect(signed).toMatchObject({ deviceId: 'device-a', counter: 42, update })
    const check = (board: string, counter: number, bytes: Uint8Array) =>
      verifyBytes(pair.alg, pair.publicKey, signed!.signature, updateSignedBytes(board, 'device-a', counter, bytes))
    expect(await check(boardId, 42, update)).toBe(true)
    expect(await check(boardId, 41, update)).toBe(false)
    expect(await check(generateBoardId(), 42, update)).toBe(false)
    expect(await check(boardId, 42, new Uint8Array([9, 8, 6]))).toBe(false)
  })

  test('a signed snapshot carries who took it, what it covers and when', async () => {
    const boardId = generateBoardId()
    const { encryptionKey } = await deriveBoardKeys(boardId, generateBoardSecret())
    const signer = signerOf('device-b', await generateSigningKeyPair())
    const state = new Uint8Array([5, 5])
    const plaintext = await signSnapshot(signer, boardId, { covers: { 'device-a': 7 }, coversSeq: 12, at: 1000, state })
    const { signed } = await openSnapshot(encryptionKey, boardId, await sealPayload(encryptionKey, boardId, 'signedSnapshot', plaintext))
    expect(signed).toMatchObject({ deviceId: 'device-b', covers: { 'device-a': 7 }, coversSeq: 12, at: 1000, state })
  })

  test('garbage is not an envelope', () => {
    expect(readUpdateEnvelope(new Uint8Array([200, 200, 200]))).toBeNull()
  })
})
