/**
 * The import graph, folder by folder: every relative import in the
 * repository's code (type-only imports too — a type couples two folders as
 * surely as a value does), resolved to the file it names and grouped by
 * folder. It fails on a cycle between folders and on an import a layer rule
 * forbids, printing the folders and the file-level imports that close the
 * cycle or break the rule. `npm test` and `npm run check` run it:
 *
 *   node --import tsx scripts/importLayers.ts [root]
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/**
 * Where code lives, and how deep a folder goes: `client: 2` makes
 * `client/pause/PauseView.svelte` part of `client/pause` and `client/main.ts`
 * part of `client`; `proof: 1` makes all of proof/ one folder.
 */
export const ROOTS: Readonly<Record<string, number>> = { client: 2, server: 2, shared: 1, tests: 2, proof: 1, bench: 1, scripts: 1 }

/**
 * One way a folder may depend on others. A pattern is a folder (`shared`,
 * `client/ui`) or every folder under one (`client/*`). `mayImport` lists
 * all a folder may import besides itself; `mustNotImport` lists what it may
 * never import. Libraries are not in the graph, so they are always allowed.
 */
export type Rule = {
  from: string | readonly string[]
  mayImport?: readonly string[]
  mustNotImport?: readonly string[]
  why: string
}

/** The client's feature folders: each holds its own model and views, and none imports another. */
export const CLIENT_FEATURES = [
  'cards',
  'checkIns',
  'checkTogether',
  'dailyCheckIn',
  'facilitation',
  'history',
  'invite',
  'patterns',
  'pause',
  'people',
  'privateNotes',
  'safety',
  'settings',
  'talks',
  'yourBoards',
].map((feature) => `client/${feature}`)

/** What sits below the features: they may use any of it, and it uses none of them. */
const CLIENT_BELOW_FEATURES = ['shared', 'client/core', 'client/sync', 'client/device', 'client/ui', 'client/vocabulary']

export const RULES: readonly Rule[] = [
  { from: 'shared', mayImport: [], why: 'shared/ is what client and server both import; it imports neither' },
  { from: 'server/*', mustNotImport: ['client', 'client/*'], why: 'the server never imports the client' },
  { from: 'server', mustNotImport: ['client', 'client/*'], why: 'the server never imports the client' },
  { from: 'client/sync', mayImport: ['shared'], why: 'sync says what happened (retired, moved); the shell decides what to forget' },
  { from: 'client/device', mayImport: ['shared'], why: "the device's store and key know nothing of boards' features" },
  { from: 'client/ui', mayImport: ['shared'], why: 'ui/ takes app things through props, snippets or its own contexts' },
  { from: 'client/vocabulary', mayImport: [], why: 'the word lists are data, imported by whoever shows them' },
  { from: 'client/offline', mayImport: [], why: 'the service worker knows nothing of the app' },
  {
    from: 'client/core',
    mayImport: ['shared', 'client/sync', 'client/device'],
    why: 'the core is what every feature reads; it imports no feature, and has no views',
  },
  {
    from: CLIENT_FEATURES,
    mayImport: CLIENT_BELOW_FEATURES,
    why: 'a feature never imports another; what two share belongs in core/ or ui/, or the shell (app/) passes it down',
  },
  {
    from: ['client', 'client/*', 'server', 'server/*', 'shared'],
    mustNotImport: ['tests/*', 'proof', 'bench'],
    why: 'the product never imports its tests, proofs or benches',
  },
  {
    from: 'tests/kit',
    mustNotImport: ['tests/unit', 'tests/integration', 'tests/e2e', 'tests/fuzz', 'proof', 'bench', 'scripts'],
    why: 'the kit is what tests, proofs and benches stand on; it imports none of them',
  },
  {
    from: 'tests/fuzz',
    mustNotImport: ['tests/unit', 'tests/integration', 'tests/e2e', 'proof', 'bench'],
    why: 'the fuzz properties are run by specs and by npm run fuzz; they import neither',
  },
  {
    from: ['tests/unit', 'tests/integration', 'tests/e2e'],
    mustNotImport: ['proof', 'bench', 'tests/unit', 'tests/integration', 'tests/e2e'],
    why: 'a spec folder imports the kit and the fuzz properties, never another spec folder, a proof or a bench',
  },
  {
    from: 'proof',
    mustNotImport: ['tests/unit', 'tests/integration', 'tests/e2e', 'bench'],
    why: 'a proof stands on the kit, not on specs or benches',
  },
  {
    from: 'bench',
    mustNotImport: ['tests/unit', 'tests/integration', 'tests/e2e', 'tests/fuzz', 'proof'],
    why: 'a bench stands on the kit, not on specs, fuzz properties or proofs',
  },
]

/** A cycle tolerated while the change that removes it is on its way; the check says when one is gone. */
export type KnownCycle = { folders: readonly string[]; why: string }

export const KNOWN_CYCLES: readonly KnownCycle[] = []

export type FileImport = { from: string; to: string }
export type FolderEdge = { from: string; to: string; imports: FileImport[] }
export type Cycle = { folders: string[]; path: string[]; edges: FolderEdge[]; known: boolean }
export type Violation = { rule: Rule; edge: FolderEdge }

export type LayerReport = {
  folders: string[]
  edges: FolderEdge[]
  cycles: Cycle[]
  violations: Violation[]
  /** Known cycles that no longer occur: their entries can go. */
  goneKnownCycles: KnownCycle[]
  ok: boolean
}

const CODE = /\.(ts|mts|cts|js|mjs|cjs|svelte)$/
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'public', '.git'])
const SCRIPT_BLOCK = /<script\b[^>]*>([\s\S]*?)<\/script>/g

function listCode(root: string, dir: string): string[] {
  const full = path.join(root, dir)
  if (!fs.existsSync(full)) return []
  const found: string[] = []
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name)
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) found.push(...listCode(root, relative))
    else if (entry.isFile() && CODE.test(entry.name)) found.push(relative)
  }
  return found
}

/** The specifiers a file imports (`import`, `export … from`, `import()`, type-only alike); a Svelte file's from its scripts. */
function importSpecifiers(file: string, source: string): string[] {
  const code = file.endsWith('.svelte') ? [...source.matchAll(SCRIPT_BLOCK)].map((block) => block[1]).join('\n') : source
  return ts.preProcessFile(code, true, true).importedFiles.map((imported) => imported.fileName)
}

/** The repository-relative file a relative specifier names, trying the extensions a bundler would. */
function resolveRelative(root: string, from: string, specifier: string): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
  for (const candidate of [target, `${target}.ts`, `${target}.js`, `${target}/index.ts`, `${target}/index.js`]) {
    if (fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile()) return candidate
  }
  return target
}

/** The folder a file belongs to, or null when it lies outside the roots (dist/, node_modules). */
export function folderOf(file: string, roots: Readonly<Record<string, number>> = ROOTS): string | null {
  const parts = file.split('/')
  const depth = roots[parts[0]!]
  if (depth === undefined) return null
  // The file's own name is not a folder: client/main.ts belongs to client.
  return parts.slice(0, Math.min(depth, parts.length - 1)).join('/')
}

function matches(pattern: string, folder: string): boolean {
  return pattern.endsWith('/*') ? folder.startsWith(pattern.slice(0, -1)) : folder === pattern
}

/** Strongly connected groups of more than one folder (Tarjan's algorithm). */
function stronglyConnected(nodes: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  const visit = (node: string) => {
    index.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    onStack.add(node)
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(node, Math.min(low.get(node)!, low.get(target)!))
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const group: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      group.push(member)
    } while (member !== node)
    if (group.length > 1) groups.push(group.sort())
  }
  for (const node of nodes) if (!index.has(node)) visit(node)
  return groups
}

/** A shortest cycle through a group's folders, as a path that ends where it starts. */
function shortestCycle(group: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[] {
  const inGroup = new Set(group)
  let best: string[] = []
  for (const start of group) {
    const cameFrom = new Map<string, string>()
    const queue = [start]
    let found: string[] | null = null
    while (queue.length > 0 && found === null) {
      const node = queue.shift()!
      for (const target of next.get(node) ?? []) {
        if (!inGroup.has(target)) continue
        if (target === start) {
          found = [start]
          for (let step = node; step !== start; step = cameFrom.get(step)!) found.unshift(step)
          found.unshift(start)
          break
        }
        if (!cameFrom.has(target)) {
          cameFrom.set(target, node)
          queue.push(target)
        }
      }
    }
    if (found && (best.length === 0 || found.length < best.length)) best = found
  }
  return best
}

export type CheckOptions = {
  root: string
  roots?: Readonly<Record<string, number>>
  rules?: readonly Rule[]
  knownCycles?: readonly KnownCycle[]
}

export function checkImportLayers(options: CheckOptions): LayerReport {
  const { root, roots = ROOTS, rules = RULES, knownCycles = KNOWN_CYCLES } = options
  const folders = new Set<string>()
  const edgeMap = new Map<string, FolderEdge>()
  for (const file of Object.keys(roots).flatMap((dir) => listCode(root, dir))) {
    const from = folderOf(file, roots)!
    folders.add(from)
    for (const specifier of importSpecifiers(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue
      const target = resolveRelative(root, file, specifier)
      const to = folderOf(target, roots)
      if (to === null || to === from) continue
      const key = `${from}\n${to}`
      const edge = edgeMap.get(key) ?? { from, to, imports: [] }
      if (!edge.imports.some((imported) => imported.from === file && imported.to === target)) edge.imports.push({ from: file, to: target })
      edgeMap.set(key, edge)
    }
  }
  const edges = [...edgeMap.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
  const next = new Map<string, string[]>()
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to])
  const sortedFolders = [...folders].sort()

  const cycles = stronglyConnected(sortedFolders, next).map((group): Cycle => {
    const cyclePath = shortestCycle(group, next)
    const along = cyclePath.slice(1).map((to, step) => edgeMap.get(`${cyclePath[step]}\n${to}`)!)
    const known = knownCycles.some((cycle) => group.every((folder) => cycle.folders.includes(folder)))
    return { folders: group, path: cyclePath, edges: along, known }
  })
  const goneKnownCycles = knownCycles.filter(
    (known) => !cycles.some((cycle) => cycle.known && cycle.folders.some((folder) => known.folders.includes(folder))),
  )

  const violations: Violation[] = []
  for (const edge of edges) {
    for (const rule of rules) {
      const sources = typeof rule.from === 'string' ? [rule.from] : rule.from
      if (!sources.some((pattern) => matches(pattern, edge.from))) continue
      const allowed = rule.mayImport === undefined || rule.mayImport.some((pattern) => matches(pattern, edge.to))
      const forbidden = rule.mustNotImport?.some((pattern) => matches(pattern, edge.to)) ?? false
      if (!allowed || forbidden) violations.push({ rule, edge })
    }
  }
  return {
    folders: sortedFolders,
    edges,
    cycles,
    violations,
    goneKnownCycles,
    ok: violations.length === 0 && cycles.every((cycle) => cycle.known),
  }
}

function describeImports(edge: FolderEdge, indent: string): string[] {
  return edge.imports.map((imported) => `${indent}${imported.from} → ${imported.to}`)
}

/** The report as people read it: the graph, then each cycle and broken rule with the imports behind it. */
export function formatReport(report: LayerReport): string {
  const lines = ['Folders and what they import:']
  for (const folder of report.folders) {
    const targets = report.edges.filter((edge) => edge.from === folder).map((edge) => edge.to)
    lines.push(`  ${folder} → ${targets.length > 0 ? targets.join(', ') : '(nothing of the repository)'}`)
  }
  for (const cycle of report.cycles) {
    lines.push('', `${cycle.known ? 'Known cycle (tolerated until fixed)' : 'Cycle'}: ${cycle.path.join(' → ')}`)
    if (cycle.folders.length > cycle.path.length - 1) lines.push(`  (the whole group: ${cycle.folders.join(', ')})`)
    for (const edge of cycle.edges) lines.push(`  ${edge.from} → ${edge.to}:`, ...describeImports(edge, '    '))
  }
  for (const { rule, edge } of report.violations) {
    lines.push('', `Not allowed: ${edge.from} → ${edge.to} (${rule.why})`, ...describeImports(edge, '    '))
  }
  for (const gone of report.goneKnownCycles) {
    lines.push('', `No longer a cycle, so its entry in KNOWN_CYCLES can go: ${gone.folders.join(', ')} (${gone.why})`)
  }
  const failures = report.cycles.filter((cycle) => !cycle.known).length + report.violations.length
  const known = report.cycles.length - report.cycles.filter((cycle) => !cycle.known).length
  const tolerated = known > 0 ? ` (${known} known, tolerated until fixed)` : ''
  lines.push(
    '',
    report.ok
      ? `No new import cycle between folders${tolerated}, and every layer rule holds.`
      : `${failures} problem(s) in the import graph.`,
  )
  return lines.join('\n')
}

// Run as a script: checks the repository, or the tree named by the first argument.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = checkImportLayers({ root: process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)) })
  console.log(formatReport(report))
  process.exitCode = report.ok ? 0 : 1
}
