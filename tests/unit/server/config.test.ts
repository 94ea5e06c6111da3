/** Configuration (docs/design.md: "Unknown or malformed settings stop the server at start with a one-line reason"). */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig, startOptionsFrom } from '../../../server/config.ts'

const DEFAULT_BOARD_LIMITS = { maxBoards: 100_000, maxStoredBytes: 10 * 1024 ** 3, createsPerHour: 30, createBurst: 10 }

describe('configuration', () => {
  it('has working defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      staticDir: path.resolve('dist/client'),
      boardLimits: DEFAULT_BOARD_LIMITS,
      relayLimits: {},
      historyDays: 90,
      maxBoardBytes: 256 * 1024 * 1024,
      databaseUrl: null,
      redisUrl: null,
      trustedProxies: [],
    })
  })

  it('reads PostgreSQL and Redis URLs, and never repeats one in an error (it may hold a password)', () => {
    const config = parseConfig({ DATABASE_URL: 'postgresql://cg:secret@db:5432/cg', REDIS_URL: 'rediss://:secret@cache:6380' })
    expect(config.databaseUrl).toBe('postgresql://cg:secret@db:5432/cg')
    expect(config.redisUrl).toBe('rediss://:secret@cache:6380')
    expect(parseConfig({ DATABASE_URL: 'postgres://db/cg' }).redisUrl).toBeNull()
    expect(() => parseConfig({ DATABASE_URL: 'mysql://cg:secret@db/cg' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    )
  })

  it("reads how long the board's history keeps versions, in whole days", () => {
    expect(parseConfig({ COMMON_GROUND_HISTORY_DAYS: '30' }).historyDays).toBe(30)
    expect(() => parseConfig({ COMMON_GROUND_HISTORY_DAYS: '0' })).toThrow(/COMMON_GROUND_HISTORY_DAYS must be a positive whole number/)
    expect(() => parseConfig({ COMMON_GROUND_HISTORY_DAYS: '2w' })).toThrow(/COMMON_GROUND_HISTORY_DAYS/)
  })

  it('reads how many bytes one board may store, its history included', () => {
    expect(parseConfig({ COMMON_GROUND_MAX_BOARD_BYTES: '134217728' }).maxBoardBytes).toBe(128 * 1024 * 1024)
    expect(startOptionsFrom(parseConfig({ COMMON_GROUND_MAX_BOARD_BYTES: '1000' })).maxBoardBytes).toBe(1000)
    expect(() => parseConfig({ COMMON_GROUND_MAX_BOARD_BYTES: '256MiB' })).toThrow(
      /^COMMON_GROUND_MAX_BOARD_BYTES must be a positive whole number \(digits only, default 268435456\)/,
    )
  })

  it('reads every setting, and port 0 means any free port', () => {
    expect(parseConfig({ PORT: '0', HOST: '0.0.0.0', DATA_DIR: '/var/lib/cg', STATIC_DIR: 'build', DATABASE_URL: '' })).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/cg',
      staticDir: path.resolve('build'),
      boardLimits: DEFAULT_BOARD_LIMITS,
      relayLimits: {},
      historyDays: 90,
      maxBoardBytes: 256 * 1024 * 1024,
      databaseUrl: null,
      redisUrl: null,
      trustedProxies: [],
    })
  })

  it('reads the trusted reverse proxies: addresses and CIDR ranges, comma-separated', () => {
    expect(parseConfig({ TRUST_PROXY: '127.0.0.1,::1' }).trustedProxies).toEqual(['127.0.0.1', '::1'])
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, fd00::/8' }).trustedProxies).toEqual(['10.0.0.0/8', 'fd00::/8'])
    expect(parseConfig({ TRUST_PROXY: '' }).trustedProxies).toEqual([])
    expect(startOptionsFrom(parseConfig({ TRUST_PROXY: '127.0.0.1' })).trustedProxies).toEqual(['127.0.0.1'])
  })

  it('reads the board creation limits; the burst is a third of the hourly rate', () => {
    const { boardLimits } = parseConfig({
      COMMON_GROUND_MAX_BOARDS: '500',
      COMMON_GROUND_MAX_STORED_BYTES: '1073741824',
      COMMON_GROUND_BOARD_CREATES_PER_HOUR: '300',
    })
    expect(boardLimits).toEqual({ maxBoards: 500, maxStoredBytes: 1024 ** 3, createsPerHour: 300, createBurst: 100 })
    // Even one an hour may be spent at once.
    expect(parseConfig({ COMMON_GROUND_BOARD_CREATES_PER_HOUR: '1' }).boardLimits.createBurst).toBe(1)
  })

  it('reads the relay limits an operator may change, and leaves the others to the protocol', () => {
    const { relayLimits } = parseConfig({
      COMMON_GROUND_MAX_SOCKETS_PER_IP: '1000',
      COMMON_GROUND_MAX_UNAUTHENTICATED_PER_IP: '50',
      COMMON_GROUND_MAX_SOCKETS_PER_BOARD: '12',
      COMMON_GROUND_SOCKET_BYTES_PER_SECOND: '1048576',
      COMMON_GROUND_BOARD_BYTES_PER_SECOND: '2097152',
      COMMON_GROUND_SLOW_CONSUMER_BYTES: '4194304',
      COMMON_GROUND_READER_BYTES_PER_IP: '67108864',
    })
    expect(relayLimits).toEqual({
      maxSocketsPerIp: 1000,
      maxUnauthenticatedPerIp: 50,
      maxSocketsPerBoard: 12,
      documentBytesPerSecond: 1048576,
      boardBytesPerSecond: 2097152,
      slowConsumerBytes: 4194304,
      readerBytesPerIp: 67108864,
    })
  })

  it.each([
    [
      { COMMON_GROUND_MAX_SOCKETS_PER_IP: 'many' },
      /^COMMON_GROUND_MAX_SOCKETS_PER_IP must be a positive whole number \(digits only, default 256\)/,
    ],
    [{ COMMON_GROUND_SLOW_CONSUMER_BYTES: '16MiB' }, /^COMMON_GROUND_SLOW_CONSUMER_BYTES must be a positive whole number/],
    [
      { COMMON_GROUND_READER_BYTES_PER_IP: '0' },
      /^COMMON_GROUND_READER_BYTES_PER_IP must be a positive whole number \(digits only, default 33554432\)/,
    ],
    [{ PORT: 'abc' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT/],
    [{ PORT: '-1' }, /^PORT/],
    [{ PORT: '' }, /^PORT/],
    [{ HOST: 'local host' }, /^HOST/],
    [{ DATA_DIR: '' }, /^DATA_DIR is empty/],
    [{ STATIC_DIR: ' ' }, /^STATIC_DIR is empty/],
    [{ COMMON_GROUND_DEBUG: '1' }, /^unknown setting COMMON_GROUND_DEBUG$/],
    [{ COMMON_GROUND_MAX_BOARD: '10' }, /^unknown setting COMMON_GROUND_MAX_BOARD$/],
    [{ COMMON_GROUND_MAX_BOARDS: '0' }, /^COMMON_GROUND_MAX_BOARDS must be a positive whole number .*not "0"$/],
    [{ COMMON_GROUND_MAX_BOARDS: '-5' }, /^COMMON_GROUND_MAX_BOARDS must be a positive whole number/],
    [{ COMMON_GROUND_MAX_BOARDS: '' }, /^COMMON_GROUND_MAX_BOARDS must be a positive whole number/],
    [{ COMMON_GROUND_MAX_BOARDS: '1.5' }, /^COMMON_GROUND_MAX_BOARDS must be a positive whole number/],
    [{ COMMON_GROUND_MAX_STORED_BYTES: '10GiB' }, /^COMMON_GROUND_MAX_STORED_BYTES must be a positive whole number/],
    [{ COMMON_GROUND_MAX_STORED_BYTES: '1e9' }, /^COMMON_GROUND_MAX_STORED_BYTES must be a positive whole number/],
    [{ COMMON_GROUND_MAX_STORED_BYTES: '99999999999999999999' }, /^COMMON_GROUND_MAX_STORED_BYTES must be a positive whole number/],
    [{ COMMON_GROUND_BOARD_CREATES_PER_HOUR: ' 30' }, /^COMMON_GROUND_BOARD_CREATES_PER_HOUR must be a positive whole number/],
    [{ COMMON_GROUND_BOARD_CREATES_PER_HOUR: '30\n' }, /^COMMON_GROUND_BOARD_CREATES_PER_HOUR must be a positive whole number/],
    [{ DATABASE_URL: 'db.internal:5432' }, /^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/, not db\.internal:\/\//],
    [{ DATABASE_URL: 'not a url at all' }, /^DATABASE_URL is not a URL; it should look like postgres:\/\//],
    [{ DATABASE_URL: 'mysql://u:secret@db/cg' }, /^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/, not mysql:\/\//],
    [{ DATABASE_URL: 'postgres://db/cg', REDIS_URL: 'http://cache' }, /^REDIS_URL must start with redis:\/\/ or rediss:\/\//],
    [{ REDIS_URL: 'redis://cache' }, /^REDIS_URL is set without DATABASE_URL: several processes cannot share one SQLite file/],
    [{ TRUST_PROXY: 'localhost' }, /^TRUST_PROXY must list proxies' IP addresses or CIDR ranges.*"localhost" is neither$/],
    [{ TRUST_PROXY: '127.0.0.1,,::1' }, /^TRUST_PROXY .*"" is neither$/],
    [{ TRUST_PROXY: '127.0.0.1;::1' }, /^TRUST_PROXY /],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^TRUST_PROXY .*"10\.0\.0\.0\/33" is neither$/],
    [{ TRUST_PROXY: '0.0.0.0/0' }, /^TRUST_PROXY .*"0\.0\.0\.0\/0" trusts every address, so any client could name its own$/],
    [{ TRUST_PROXY: '127.0.0.1\n' }, /^TRUST_PROXY /],
  ])('refuses %o with a one-line reason', (env, reason) => {
    let error: unknown
    try {
      parseConfig(env)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(reason)
    expect((error as Error).message).not.toContain('\n')
  })
})
