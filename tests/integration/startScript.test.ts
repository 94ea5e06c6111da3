/**
 * `npm start` (scripts/start.mjs) on trees laid out like the repository's:
 * a built tree starts its compiled server without building anything, and a
 * tree whose build is due but whose build tools are absent (installed with
 * --omit=dev) stops with one line saying so.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it, onTestFinished } from 'vitest'
import { SERVER_ENTRY } from '../../scripts/buildPlan.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BUILT_AT = new Date('2026-11-30T12:00:00Z')
const EDITED_BEFORE = new Date('2026-11-30T11:00:00Z')

/** The start scripts, a source on each side, and a server entry that only says it ran; no node_modules. */
function treeWithoutBuildTools(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-start-'))
  onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }))
  const write = (file: string, text: string, at: Date) => {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true })
    fs.writeFileSync(path.join(root, file), text)
    fs.utimesSync(path.join(root, file), at, at)
  }
  for (const script of ['start.mjs', 'buildPlan.mjs'])
    write(`scripts/${script}`, fs.readFileSync(path.join(repoRoot, 'scripts', script), 'utf8'), EDITED_BEFORE)
  write('package.json', '{ "type": "module" }', EDITED_BEFORE)
  write('client/main.ts', '', EDITED_BEFORE)
  write('server/index.ts', '', EDITED_BEFORE)
  write('dist/client/index.html', '<title>built</title>', BUILT_AT)
  write(SERVER_ENTRY, "process.stdout.write('the compiled server ran\\n')", BUILT_AT)
  return root
}

function npmStart(root: string) {
  return spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
}

it('a built tree runs its compiled server and builds nothing, without any build tool installed', () => {
  const started = npmStart(treeWithoutBuildTools())
  expect(started.stderr).toBe('')
  expect(started.stdout).toBe('the compiled server ran\n')
  expect(started.status).toBe(0)
})

it('a build that is due without the build tools stops the start with one line naming the stale source', () => {
  const root = treeWithoutBuildTools()
  const now = new Date()
  fs.utimesSync(path.join(root, 'client/main.ts'), now, now)
  const started = npmStart(root)
  expect(started.stdout).toBe('')
  expect(started.stderr).toMatch(
    /^common-ground: the client needs building \(client\/main\.ts is newer than dist\/client\/index\.html\), but `vite build` cannot run: the build tools are not installed .*run `npm install` first\n$/,
  )
  expect(started.status).toBe(1)
})
