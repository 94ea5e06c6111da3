/** Configuration (DESIGN.md: "Unknown or malformed settings stop the server at start with a one-line reason"). */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../../server/config.ts'

describe('configuration', () => {
  it('has working defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      staticDir: path.resolve('dist'),
    })
  })

  it('reads every setting, and port 0 means any free port', () => {
    expect(parseConfig({ PORT: '0', HOST: '0.0.0.0', DATA_DIR: '/var/lib/cg', STATIC_DIR: 'build', DATABASE_URL: '' })).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/cg',
      staticDir: path.resolve('build'),
    })
  })

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT/],
    [{ PORT: '-1' }, /^PORT/],
    [{ PORT: '' }, /^PORT/],
    [{ HOST: 'local host' }, /^HOST/],
    [{ DATA_DIR: '' }, /^DATA_DIR is empty/],
    [{ STATIC_DIR: ' ' }, /^STATIC_DIR is empty/],
    [{ COMMON_GROUND_DEBUG: '1' }, /^unknown setting COMMON_GROUND_DEBUG$/],
    [{ DATABASE_URL: 'postgres://db/cg' }, /^DATABASE_URL is set, but .*not supported yet/],
    [{ REDIS_URL: 'redis://cache' }, /^REDIS_URL is set, but .*not supported yet/],
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
