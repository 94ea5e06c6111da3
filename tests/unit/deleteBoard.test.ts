/** What deleting a board asks of the server, and what a person is told (client/sync/deleteBoard.ts). */
import { describe, expect, it } from 'vitest'
import { deriveBoardKeys, generateBoardId, generateBoardSecret, toBase64Url } from '../../shared/crypto.ts'
import { BoardDeletionError, deleteBoardForEveryone } from '../../client/sync/deleteBoard.ts'

const boardId = generateBoardId()
const secret = generateBoardSecret()

function answering(status: number, seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    seen.push(new Request(input, init))
    return new Response(status === 204 ? null : '{}', { status })
  }
}

async function failureOf(status: number): Promise<BoardDeletionError> {
  const error = await deleteBoardForEveryone(boardId, secret, null, 'https://cg.example', answering(status)).catch(
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(BoardDeletionError)
  return error as BoardDeletionError
}

describe('deleting a board', () => {
  it('sends DELETE for the board with the access token derived from the secret, never the secret', async () => {
    const seen: Request[] = []
    expect(await deleteBoardForEveryone(boardId, secret, null, 'https://cg.example', answering(204, seen))).toBe('deleted')
    const { accessToken } = await deriveBoardKeys(boardId, secret)
    expect(seen[0]!.method).toBe('DELETE')
    expect(seen[0]!.url).toBe(`https://cg.example/api/boards/${boardId}`)
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${toBase64Url(accessToken)}`)
    expect(seen[0]!.url + [...seen[0]!.headers.values()].join()).not.toContain(toBase64Url(secret))
  })

  it('counts a board deleted already as done', async () => {
    expect(await deleteBoardForEveryone(boardId, secret, null, 'https://cg.example', answering(410))).toBe('alreadyDeleted')
  })

  it('says what happened when it could not, and that nothing was deleted where that is so', async () => {
    expect((await failureOf(401)).message).toMatch(/can no longer delete/)
    expect((await failureOf(404)).message).toMatch(/does not hold this board/)
    expect((await failureOf(503)).message).toMatch(/Nothing was deleted/)
    const offline = await deleteBoardForEveryone(boardId, secret, null, 'https://cg.example', async () => {
      throw new TypeError('fetch failed')
    }).catch((caught: unknown) => caught)
    expect(offline).toBeInstanceOf(BoardDeletionError)
    expect((offline as BoardDeletionError).message).toMatch(/nothing was deleted/)
  })
})
