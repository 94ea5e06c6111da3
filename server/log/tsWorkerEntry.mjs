// A worker thread's first module when the server runs from its TypeScript sources (tests, `npm start`).
// Node 20 does not apply the parent's `--import tsx` to a worker's entry, so this plain module loads
// tsx itself and then the TypeScript worker named in workerData.entry.
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.entry, import.meta.url)
