import WebSocket from 'ws'
import { deriveBoardKeys, parseBoardSecret, sealPayload } from '../../shared/crypto.ts'
import { decodeServerFrame, encodeClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { PROTOCOL_VERSION } from '../../shared/protocol.ts'
import { addCard, boardStatus, card, createBoardAndJoin, joinAs } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/**
 * Someone holding the link (a buggy or hostile client) pushes an entry that
 * decrypts but is no board change at all. Every screen skips it, says so
 * calmly, and keeps working: it is never a reason to stop syncing.
 */
async function pushGarbageEntry(serverUrl: string, link: string): Promise<void> {
  const url = new URL(link)
  const boardId = url.pathname.split('/').at(-1)!
  const { encryptionKey, accessToken } = await deriveBoardKeys(boardId, parseBoardSecret(url.hash)!)
  const socket = new WebSocket(`${serverUrl.replace('http', 'ws')}/ws`)
  const frames: ServerFrame[] = []
  const arrived = (tag: ServerFrame['tag']) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (frames.some((f) => f.tag === tag) ? resolve() : undefined)
      socket.on('message', check)
      socket.on('close', () => reject(new Error(`closed before ${tag}`)))
    })
  socket.on('message', (data: Buffer) => frames.push(decodeServerFrame(new Uint8Array(data))))
  await new Promise((resolve) => socket.once('open', resolve))
  const replayed = arrived('replayDone')
  socket.send(encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId, accessToken, knownSeq: 0 }))
  await replayed
  const acked = arrived('ack')
  const garbage = await sealPayload(encryptionKey, boardId, 'update', crypto.getRandomValues(new Uint8Array(120)))
  socket.send(encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed: garbage }))
  await acked
  socket.close()
}

test('an entry nobody can read is skipped with a calm note; the board keeps syncing on every screen', async ({ page, server, openDevice }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Hopeful about Sunday')
  await expect(boardStatus(page)).toHaveText('Saved')

  await pushGarbageEntry(server.url, link)
  const note = 'One change on this board could not be read on this device and is not shown. Everything else is up to date.'
  await expect(page.getByRole('note')).toHaveText(note)

  // A device opening the board afterwards meets it in the replay.
  const blair = await openDevice()
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(card(blair, 'Hopeful about Sunday')).toBeVisible()
  await expect(blair.getByRole('note')).toHaveText(note)

  await addCard(blair, 'Needs', 'Time to talk after dinner')
  await expect(card(page, 'Time to talk after dinner')).toBeVisible()
  await expect(boardStatus(page)).toHaveText('Saved')
  await expect(boardStatus(blair)).toHaveText('Saved')
})
