/** vitest's setup file (vite.config.ts): whatever the kit opens in a test is closed when that test ends. */
import { onTestFinished } from 'vitest'
import { closeWithEachTest } from './teardown.ts'

closeWithEachTest((cleanup) =>
  onTestFinished(async () => {
    await cleanup()
  }),
)
