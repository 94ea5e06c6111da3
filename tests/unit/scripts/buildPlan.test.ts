/**
 * `npm start` builds only what is missing or older than its sources
 * (scripts/buildPlan.mjs), so a second start on a built tree serves at once.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { BUILDS, newestFile, planBuilds, rebuildReason, SERVER_ENTRY } from '../../../scripts/buildPlan.mjs'

const T = Date.parse('2026-11-30T12:00:00Z')

/** A tree with these files, each given its mtime (ms since the epoch). */
function treeWith(files: Record<string, number>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-build-plan-'))
  onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }))
  for (const [file, mtimeMs] of Object.entries(files)) {
    const full = path.join(root, file)
    fs.mkdirSync(path.dirname(full), { recursive: true })
    fs.writeFileSync(full, file)
    fs.utimesSync(full, new Date(mtimeMs), new Date(mtimeMs))
  }
  return root
}

function reasons(root: string): Record<string, string> {
  return Object.fromEntries(planBuilds(root).map(({ build, reason }) => [build.name, reason]))
}

describe('when a build is due', () => {
  it('is due when its output is missing, whatever the sources', () => {
    expect(rebuildReason('dist/client/index.html', null, null)).toBe('dist/client/index.html is missing')
    expect(rebuildReason('out.js', null, { path: 'a.ts', mtimeMs: T - 1000 })).toBe('out.js is missing')
  })

  it('is due when a source is newer than the output, and names that source', () => {
    expect(rebuildReason('out.js', T, { path: 'server/app.ts', mtimeMs: T + 1 })).toBe('server/app.ts is newer than out.js')
  })

  it('is not due when the output is as new as the newest source or newer', () => {
    expect(rebuildReason('out.js', T, { path: 'a.ts', mtimeMs: T })).toBeNull()
    expect(rebuildReason('out.js', T, { path: 'a.ts', mtimeMs: T - 1 })).toBeNull()
    expect(rebuildReason('out.js', T, null)).toBeNull()
  })
})

describe('the newest source', () => {
  it('is found in nested directories and among single files; missing entries and node_modules are skipped', () => {
    const root = treeWith({
      'client/board/Lane.svelte': T - 3000,
      'client/deep/er/main.ts': T - 1000,
      'client/node_modules/x/index.js': T + 9000,
      'vite.config.ts': T - 2000,
    })
    expect(newestFile(root, ['client', 'vite.config.ts', 'no-such-file.js'])).toEqual({
      path: path.join('client/deep/er/main.ts'),
      mtimeMs: T - 1000,
    })
    expect(newestFile(root, ['nothing-here'])).toBeNull()
  })
})

describe('the plan for a tree', () => {
  const built = { 'dist/client/index.html': T, [SERVER_ENTRY]: T }

  it('builds both on a fresh checkout', () => {
    const root = treeWith({ 'client/main.ts': T, 'server/index.ts': T, 'shared/protocol.ts': T })
    expect(reasons(root)).toEqual({
      'the client': 'dist/client/index.html is missing',
      'the server': `${SERVER_ENTRY} is missing`,
    })
  })

  it('builds nothing when both outputs are newer than every source', () => {
    const root = treeWith({
      ...built,
      'client/main.ts': T - 10,
      'server/index.ts': T - 10,
      'shared/protocol.ts': T - 10,
      'package.json': T - 10,
    })
    expect(planBuilds(root)).toEqual([])
  })

  it('builds only the client after a client edit, only the server after a server edit, and both after a shared one', () => {
    const old = { 'client/main.ts': T - 10, 'server/index.ts': T - 10, 'shared/protocol.ts': T - 10 }
    expect(Object.keys(reasons(treeWith({ ...built, ...old, 'client/main.ts': T + 10 })))).toEqual(['the client'])
    expect(Object.keys(reasons(treeWith({ ...built, ...old, 'server/index.ts': T + 10 })))).toEqual(['the server'])
    expect(Object.keys(reasons(treeWith({ ...built, ...old, 'shared/protocol.ts': T + 10 })))).toEqual(['the client', 'the server'])
  })

  it('rebuilds the client, not the server, when the lockfile changes (the bundle holds the libraries)', () => {
    const root = treeWith({ ...built, 'server/index.ts': T - 10, 'package-lock.json': T + 10 })
    expect(Object.keys(reasons(root))).toEqual(['the client'])
  })

  it('never counts an output as a source of another build', () => {
    for (const build of BUILDS) {
      for (const source of build.sources) expect(source.startsWith('dist')).toBe(false)
    }
  })
})
