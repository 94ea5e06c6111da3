/**
 * Two processes on one PostgreSQL and one Redis, and each piece dying in
 * turn: a server process (SIGKILL), Redis (SIGKILL, back empty), PostgreSQL
 * (stopped). Real clients (the encrypting sync client), real sockets, a
 * round-robin balancer with no sticky sessions. Nothing acknowledged is
 * ever lost, and nothing is acknowledged that was not committed.
 */
import pg from 'pg'
import * as Y from 'yjs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import type { SyncState } from '../../client/sync/syncTracker.ts'
import { startTcpBalancer } from '../kit/services/balancer.ts'
import { startCluster, startClusterProcess } from '../kit/services/cluster.ts'
import { servicesForThisFile } from '../kit/services/servicesForThisFile.ts'
import { createBoard, seal } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { spawnServer } from '../kit/serverProcess.ts'
import { syncClient, waitForState, type SyncClient } from '../kit/syncClient.ts'
import { until } from '../kit/waits.ts'
import { WireTap } from '../kit/wireTap.ts'

const services = servicesForThisFile()

const sorted = (client: SyncClient) => [...client.notes.toArray()].sort()

describe('a server process dies', () => {
  it('killed with SIGKILL: its clients reconnect to the other through the balancer, lose nothing acknowledged, and its presence goes', async () => {
    const databaseUrl = await services.postgres.createDatabase()
    const one = await startClusterProcess(services, databaseUrl)
    const two = await startClusterProcess(services, databaseUrl)
    const balancer = await startTcpBalancer([one.port, two.port])
    onTestFinished(() => balancer.close())
    const board = await createBoard(one)
    // Round-robin: alice lands on one process, bob on the other.
    const alice = syncClient(balancer, board)
    const bob = syncClient(balancer, board)
    alice.awareness.setLocalStateField('name', 'Alice')
    bob.awareness.setLocalStateField('name', 'Bob')
    alice.notes.push(['a1', 'a2'])
    bob.notes.push(['b1', 'b2'])
    await Promise.all([waitForState(alice, 'saved', 10_000), waitForState(bob, 'saved', 10_000)])
    await until(() => expect(alice.awareness.getStates().size).toBe(2), { timeoutMs: 5000 })
    await until(() => expect(sorted(alice)).toEqual(['a1', 'a2', 'b1', 'b2']), { timeoutMs: 5000 })

    one.child.kill('SIGKILL')
    await one.exited
    alice.notes.push(['a3'])
    bob.notes.push(['b3'])
    await Promise.all([waitForState(alice, 'saved', 15_000), waitForState(bob, 'saved', 15_000)])
    const everything = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3']
    await until(() => expect([sorted(alice), sorted(bob)]).toEqual([everything, everything]), { timeoutMs: 10_000 })
    // The killed process never said its peers left; the survivor expires them, so each sees two people, not three.
    await until(() => expect([alice.awareness.getStates().size, bob.awareness.getStates().size]).toEqual([2, 2]), { timeoutMs: 10_000 })

    const newcomer = syncClient(two, board)
    await until(() => expect(sorted(newcomer)).toEqual(everything), { timeoutMs: 10_000 })
  })
})

describe('presence of a process that died', () => {
  it('is expired by the others within seconds: its peers are told gone', async () => {
    const databaseUrl = await services.postgres.createDatabase()
    const doomed = await startClusterProcess(services, databaseUrl)
    const survivor = await startClusterProcess(services, databaseUrl)
    const board = await createBoard(doomed)
    const bob = await joinBoard(doomed, board)
    const alice = await joinBoard(survivor, board)
    bob.client.send({ tag: 'pushAwareness', sealed: await seal(board, 'bob is here', 'awareness') })
    await alice.client.waitFor('awareness', (f) => f.peerId === bob.welcome.peerId)

    doomed.child.kill('SIGKILL')
    const killedAt = Date.now()
    const left = await alice.client.waitFor('peerLeft', (f) => f.peerId === bob.welcome.peerId, 8000)
    expect(left.peerId).toBe(bob.welcome.peerId)
    // Three missed heartbeats, then the next check: about four seconds.
    expect(Date.now() - killedAt).toBeLessThan(6000)
    await until(() => expect(survivor.stderr()).toMatch(/fanout: process \d+ stopped renewing its liveness; its peers are gone/))
  })
})

describe('Redis dies', () => {
  it('killed and restarted empty: nothing acknowledged is lost, and every client converges within 5 s after it is back', async () => {
    const { servers, logLines } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const alice = syncClient(servers[0]!, board)
    const bob = syncClient(servers[1]!, board)
    alice.notes.push(['before'])
    await until(() => expect(sorted(bob)).toEqual(['before']), { timeoutMs: 5000 })

    await services.redis.kill()
    alice.notes.push(['during, from alice'])
    bob.notes.push(['during, from bob'])
    // The log is PostgreSQL's: both are acknowledged with Redis away.
    await Promise.all([waitForState(alice, 'saved', 10_000), waitForState(bob, 'saved', 10_000)])

    await services.redis.start()
    const backAt = Date.now()
    const everything = ['before', 'during, from alice', 'during, from bob']
    await until(() => expect([sorted(alice), sorted(bob)]).toEqual([everything, everything]), { timeoutMs: 5000 })
    expect(Date.now() - backAt).toBeLessThan(5000)
    await until(() => expect(logLines.filter((line) => line.includes('is back'))).toHaveLength(2), { timeoutMs: 5000 })

    // And the fan-out carries new edits again.
    alice.notes.push(['after'])
    await until(() => expect(bob.notes.toArray()).toContain('after'), { timeoutMs: 5000 })
  })
})

describe('PostgreSQL dies', () => {
  it('stopped: Saving…, never Saved, for what was not committed; nothing is acked; everything is saved once it returns', async () => {
    const { servers, databaseUrl } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const tap = new WireTap()
    const alice = syncClient(servers[0]!, board, new Y.Doc(), tap.WebSocketImpl)
    alice.notes.push(['committed'])
    await waitForState(alice, 'saved', 10_000)

    const rawBoard = await createBoard(servers[1]!)
    const raw = await joinBoard(servers[1]!, rawBoard)

    const openAtTheStop = tap.connections.length - 1
    await services.postgres.stop()
    try {
      const states: SyncState[] = []
      const stopWatching = alice.tracker.onChange(() => states.push(alice.tracker.state))
      alice.notes.push(['written while the database is down'])
      raw.client.send({ tag: 'pushUpdate', ref: 1, sealed: await seal(rawBoard, 'never acked') })
      // A database away is "try again later", never a final close.
      expect((await raw.client.waitForClose(10_000)).code).toBe(CloseCode.storageUnavailable)
      expect(raw.client.framesOf('ack')).toEqual([])
      // Alice's server has answered too: the connection she pushed on closed as "try again", and so did her next try.
      await until(
        () => {
          const closings = tap.connections.slice(openAtTheStop).map((connection) => connection.closedWith)
          expect(closings.slice(0, 2)).toEqual([CloseCode.storageUnavailable, CloseCode.storageUnavailable])
        },
        { timeoutMs: 10_000 },
      )
      stopWatching()
      expect(states).not.toContain('saved')
      expect(alice.tracker.state).not.toBe('saved')
    } finally {
      await services.postgres.start()
    }

    await waitForState(alice, 'saved', 20_000)
    const stored = new pg.Client({ connectionString: databaseUrl })
    await stored.connect()
    try {
      const { rows } = await stored.query<{ head_seq: string }>('SELECT head_seq FROM boards WHERE id = $1', [board.boardId])
      expect(Number(rows[0]!.head_seq)).toBeGreaterThanOrEqual(2)
    } finally {
      await stored.end()
    }
    const reader = syncClient(servers[1]!, board)
    await until(() => expect(sorted(reader)).toEqual(['committed', 'written while the database is down']), { timeoutMs: 10_000 })
  })
})

describe('a server that cannot start says why in one line, and never half-starts', () => {
  /** A fresh database that works, for the cases where only Redis is wrong. */
  let postgresUrl = ''
  it.each([
    [
      'a database that refuses the connection',
      () => ({ DATABASE_URL: 'postgres://cg@127.0.0.1:1/cg' }),
      /^common-ground: cannot start: cannot reach PostgreSQL at 127\.0\.0\.1:1: connection refused$/,
    ],
    [
      'a Redis that refuses the connection',
      () => ({ DATABASE_URL: postgresUrl, REDIS_URL: 'redis://127.0.0.1:1' }),
      /^common-ground: cannot start: cannot reach Redis at 127\.0\.0\.1:1: connection refused$/,
    ],
    ['a malformed DATABASE_URL', () => ({ DATABASE_URL: 'postgres//db' }), /^common-ground: DATABASE_URL is not a URL/],
    ['a malformed REDIS_URL', () => ({ DATABASE_URL: postgresUrl, REDIS_URL: 'redis:/' }), /^common-ground: REDIS_URL names no host/],
  ])('%s', async (_, env, reason) => {
    postgresUrl = await services.postgres.createDatabase()
    const server = spawnServer({ PORT: '0', ...env() })
    const { code } = await server.exited
    expect(code).toBe(1)
    expect(server.stdout()).toBe('')
    expect(server.stderr().trim().split('\n')).toEqual([expect.stringMatching(reason)])
  })

  it('a database whose schema is newer than this server', async () => {
    const databaseUrl = await services.postgres.createDatabase()
    const first = await startClusterProcess(services, databaseUrl)
    first.child.kill('SIGTERM')
    await first.exited
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    await client.query('UPDATE schema_version SET version = version + 1')
    await client.end()

    const server = spawnServer({ PORT: '0', DATABASE_URL: databaseUrl })
    expect((await server.exited).code).toBe(1)
    expect(server.stdout()).toBe('')
    expect(server.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^common-ground: cannot start: the database's schema is version \d+, newer than this server's \d+: upgrade the server$/,
      ),
    ])
  })
})
