/**
 * The import-graph check (scripts/importLayers.ts) on small trees made for
 * each case: a cycle between folders fails it, with the imports that close
 * the cycle; a tree whose folders point one way passes.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { checkImportLayers, folderOf, formatReport, type Rule } from '../../../scripts/importLayers.ts'

const SCRIPT = fileURLToPath(new URL('../../../scripts/importLayers.ts', import.meta.url))

/** A tree with these files and contents. */
function treeWith(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-import-layers-'))
  onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }))
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    fs.writeFileSync(path.join(root, file), text)
  }
  return root
}

/** Pause and facilitation borrowing from each other: the pause's type import closes the cycle. */
const CYCLIC = {
  'shared/schema.ts': 'export type Talk = { id: string }\n',
  'client/core/talks.ts': "import type { Talk } from '../../shared/schema.ts'\nexport const talks: Talk[] = []\n",
  'client/pause/pause.ts': "import type { Floor } from '../facilitation/floor.ts'\nexport const pausedFloor: Floor | null = null\n",
  'client/facilitation/floor.ts':
    "import { pausedFloor } from '../pause/pause.ts'\nexport type Floor = { holderId: string }\nvoid pausedFloor\n",
}

/** The same features, each reading only the core; the shell puts them together. */
const LAYERED = {
  'shared/schema.ts': 'export type Talk = { id: string }\n',
  'client/core/talks.ts': "import type { Talk } from '../../shared/schema.ts'\nexport const talks: Talk[] = []\n",
  'client/pause/pause.ts': "import { talks } from '../core/talks.ts'\nexport const paused = talks.length\n",
  'client/facilitation/floor.ts': "import { talks } from '../core/talks.ts'\nexport type Floor = { holderId: string }\nvoid talks\n",
  'client/app/OpenBoard.svelte':
    "<script lang=\"ts\">\n  import { paused } from '../pause/pause.ts'\n  import type { Floor } from '../facilitation/floor.ts'\n</script>\n",
  'client/main.ts': "import './app/OpenBoard.svelte'\n",
}

describe('the import-graph check', () => {
  it('fails on a cycle between folders, type-only imports included, and names the imports that close it', () => {
    const report = checkImportLayers({ root: treeWith(CYCLIC), rules: [] })
    expect(report.ok).toBe(false)
    expect(report.cycles).toHaveLength(1)
    expect(report.cycles[0]!.folders).toEqual(['client/facilitation', 'client/pause'])
    expect(report.cycles[0]!.edges.flatMap((edge) => edge.imports)).toEqual(
      expect.arrayContaining([
        { from: 'client/pause/pause.ts', to: 'client/facilitation/floor.ts' },
        { from: 'client/facilitation/floor.ts', to: 'client/pause/pause.ts' },
      ]),
    )
    const printed = formatReport(report)
    expect(printed).toMatch(/Cycle: client\/(pause|facilitation) → client\/(pause|facilitation) → client\/(pause|facilitation)/)
    expect(printed).toContain('client/pause/pause.ts → client/facilitation/floor.ts')
    expect(printed).toContain('1 problem(s) in the import graph.')
  })

  it('passes a tree whose folders point one way, reading a Svelte file’s imports from its script', () => {
    const report = checkImportLayers({ root: treeWith(LAYERED) })
    expect(report.cycles).toEqual([])
    expect(report.violations).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.edges.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([
      'client → client/app',
      'client/app → client/facilitation',
      'client/app → client/pause',
      'client/core → shared',
      'client/facilitation → client/core',
      'client/pause → client/core',
    ])
  })

  it('fails on an import a layer rule forbids, naming the rule and the import', () => {
    const root = treeWith({ ...LAYERED, 'client/ui/Timer.svelte': "<script>\n  import { paused } from '../pause/pause.ts'\n</script>\n" })
    const rules: Rule[] = [{ from: 'client/ui', mayImport: ['shared'], why: 'ui/ imports nothing of the app' }]
    const report = checkImportLayers({ root, rules })
    expect(report.ok).toBe(false)
    expect(report.violations.map(({ edge }) => `${edge.from} → ${edge.to}`)).toEqual(['client/ui → client/pause'])
    expect(formatReport(report)).toContain('Not allowed: client/ui → client/pause (ui/ imports nothing of the app)')
  })

  it('tolerates a known cycle until it is gone, then says its entry can go', () => {
    const known = [{ folders: ['client/pause', 'client/facilitation'], why: 'being parted' }]
    expect(checkImportLayers({ root: treeWith(CYCLIC), rules: [], knownCycles: known })).toMatchObject({ ok: true, goneKnownCycles: [] })
    const fixed = checkImportLayers({ root: treeWith(LAYERED), knownCycles: known })
    expect(fixed.ok).toBe(true)
    expect(formatReport(fixed)).toContain('No longer a cycle, so its entry in KNOWN_CYCLES can go: client/pause, client/facilitation')
  })

  it('groups files by folder: client and server by their first folder, proof and bench whole', () => {
    expect(folderOf('client/pause/PauseView.svelte')).toBe('client/pause')
    expect(folderOf('client/main.ts')).toBe('client')
    expect(folderOf('server/relay/deep/x.ts')).toBe('server/relay')
    expect(folderOf('proof/load/soakPerson.ts')).toBe('proof')
    expect(folderOf('node_modules/yjs/index.js')).toBeNull()
  })

  it('exits 1 as a script on a tree with a cycle, and 0 on one without', () => {
    const run = (root: string) => spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, root], { encoding: 'utf8' })
    const failing = run(treeWith(CYCLIC))
    expect(failing.status).toBe(1)
    expect(failing.stdout).toContain('client/facilitation/floor.ts → client/pause/pause.ts')
    // The default rules hold a feature apart from another, too.
    expect(failing.stdout).toContain('Not allowed: client/pause → client/facilitation')
    expect(run(treeWith(LAYERED)).status).toBe(0)
    // Two Node processes that load TypeScript: seconds on a busy machine.
  }, 30_000)
})
