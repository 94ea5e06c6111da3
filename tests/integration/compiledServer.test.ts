/**
 * What `npm start` runs: the server compiled by tsc (tsconfig.server.json)
 * into plain JavaScript, with no TypeScript loader. It must start, answer,
 * and store through the log's worker thread, whose entry it picks by its
 * own file name (server/log/workerBoardLog.ts).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it, onTestFinished } from 'vitest'
import { createBoard, seal } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { spawnServer, whenListening } from '../kit/serverProcess.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Compiles the server into a fresh directory laid out like the repository
 * (package.json for "type": "module", node_modules linked), so the build in
 * the working tree is left alone.
 */
async function compileServer(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-compiled-'))
  onTestFinished(() => fs.rm(root, { recursive: true, force: true }))
  await fs.copyFile(path.join(repoRoot, 'package.json'), path.join(root, 'package.json'))
  await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'))
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc')
  const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.server.json', '--outDir', path.join(root, 'dist/server')], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  expect(compiled.stdout + compiled.stderr).toBe('')
  expect(compiled.status).toBe(0)
  return root
}

it('the compiled server starts from dist/server, answers /healthz and stores an update through its log thread', async () => {
  const root = await compileServer()
  const entry = path.join(root, 'dist/server/server/index.js')
  await expect(fs.access(path.join(root, 'dist/server/server/log/sqliteWorker.js'))).resolves.toBeUndefined()

  const dataDir = path.join(root, 'data')
  const server = spawnServer({ PORT: '0', DATA_DIR: dataDir, STATIC_DIR: path.join(root, 'no-client-here') }, [entry])
  const address = await whenListening(server)
  expect(await (await fetch(`${address.url}/healthz`)).json()).toEqual({ ok: true })

  const board = await createBoard(address)
  const { client } = await joinBoard(address, board)
  expect(await client.pushUpdate(0, await seal(board, 'stored by the compiled server'))).toBe(1)
  expect(server.stderr()).toBe('')
}, 60_000)
