import { describe, expect, it } from 'vitest'
import {
  deriveBoardKeys,
  FrameAuthError,
  generateBoardId,
  generateBoardSecret,
  hashAccessToken,
  openPayload,
  parseBoardSecret,
  sealPayload,
  toBase64Url,
} from '../../shared/crypto.ts'
import { BOARD_ID_PATTERN, TOKEN_HASH_PATTERN } from '../../shared/protocol.ts'

const text = new TextEncoder()

async function board() {
  const boardId = generateBoardId()
  const secret = generateBoardSecret()
  return { boardId, secret, keys: await deriveBoardKeys(boardId, secret) }
}

describe('board keys', () => {
  it('derives the same key and token from the same link, and different ones for another board', async () => {
    const a = await board()
    const again = await deriveBoardKeys(a.boardId, a.secret)
    expect(again.accessToken).toEqual(a.keys.accessToken)
    const sealed = await sealPayload(a.keys.encryptionKey, a.boardId, 'update', text.encode('hello'))
    expect(await openPayload(again.encryptionKey, a.boardId, 'update', sealed)).toEqual(text.encode('hello'))

    const sameSecretOtherBoard = await deriveBoardKeys(generateBoardId(), a.secret)
    expect(sameSecretOtherBoard.accessToken).not.toEqual(a.keys.accessToken)
  })

  it('makes ids, token hashes and secrets in their link formats', async () => {
    const a = await board()
    expect(a.boardId).toMatch(BOARD_ID_PATTERN)
    expect(await hashAccessToken(a.keys.accessToken)).toMatch(TOKEN_HASH_PATTERN)
    expect(parseBoardSecret('#' + toBase64Url(a.secret))).toEqual(a.secret)
    expect(parseBoardSecret('#not-a-secret')).toBeNull()
    expect(parseBoardSecret('#%%%')).toBeNull()
  })
})

describe('sealed payloads', () => {
  it('uses a fresh IV for every payload', async () => {
    const a = await board()
    const one = await sealPayload(a.keys.encryptionKey, a.boardId, 'update', text.encode('same'))
    const two = await sealPayload(a.keys.encryptionKey, a.boardId, 'update', text.encode('same'))
    expect(one.subarray(0, 12)).not.toEqual(two.subarray(0, 12))
  })

  it('rejects a tampered ciphertext', async () => {
    const a = await board()
    const sealed = await sealPayload(a.keys.encryptionKey, a.boardId, 'update', text.encode('I felt unheard'))
    sealed[sealed.length - 5] ^= 1
    await expect(openPayload(a.keys.encryptionKey, a.boardId, 'update', sealed)).rejects.toBeInstanceOf(FrameAuthError)
  })

  it('rejects a frame moved to another board', async () => {
    const a = await board()
    const sealed = await sealPayload(a.keys.encryptionKey, a.boardId, 'update', text.encode('moved'))
    await expect(openPayload(a.keys.encryptionKey, generateBoardId(), 'update', sealed)).rejects.toBeInstanceOf(FrameAuthError)
  })

  it('rejects a payload replayed as another kind, and one cut short', async () => {
    const a = await board()
    const sealed = await sealPayload(a.keys.encryptionKey, a.boardId, 'awareness', text.encode('typing'))
    await expect(openPayload(a.keys.encryptionKey, a.boardId, 'update', sealed)).rejects.toBeInstanceOf(FrameAuthError)
    await expect(openPayload(a.keys.encryptionKey, a.boardId, 'awareness', sealed.subarray(0, 20))).rejects.toBeInstanceOf(FrameAuthError)
  })
})
