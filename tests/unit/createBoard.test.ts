/** What a person is told when a board cannot be created (client/sync/createBoard.ts). */
import { describe, expect, it } from 'vitest'
import { BoardCreationError, createBoard, GENERIC_CREATION_FAILURE } from '../../client/sync/createBoard.ts'

/** A fetch that answers every request with this status and these headers. */
function answering(status: number, headers: Record<string, string> = {}): typeof fetch {
  return async () => new Response(JSON.stringify({ error: { code: 'x', message: 'server words' } }), { status, headers })
}

async function failureOf(fetchImpl: typeof fetch): Promise<BoardCreationError> {
  const error = await createBoard('https://cg.example', fetchImpl).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(BoardCreationError)
  return error as BoardCreationError
}

describe('a board that could not be created', () => {
  it('too many from this network: says so, and when to try again from Retry-After', async () => {
    const error = await failureOf(answering(429, { 'retry-after': '120' }))
    expect(error.message).toBe('Too many boards were created from this network just now. Try again in about 2 minutes.')
    expect(error.detail).toContain('429')
    expect((await failureOf(answering(429, { 'retry-after': '30' }))).message).toMatch(/Try again in a minute\.$/)
    expect((await failureOf(answering(429))).message).toMatch(/Try again in a few minutes\.$/)
  })

  it('a full server: says existing boards open as usual with everything saved, whichever cap was reached', async () => {
    const error = await failureOf(answering(507))
    expect(error.message).toBe(
      'This server has no room for new boards right now. Your existing boards open as usual, with everything saved on them.',
    )
    expect(error.detail).toBe('server answered 507: {"error":{"code":"x","message":"server words"}}')
  })

  it('anything else, or no answer at all, is the connection message', async () => {
    expect((await failureOf(answering(500))).message).toBe(GENERIC_CREATION_FAILURE)
    const offline = await failureOf(async () => {
      throw new TypeError('fetch failed')
    })
    expect(offline.message).toBe(GENERIC_CREATION_FAILURE)
    expect(offline.detail).toBe('network: fetch failed')
  })
})
