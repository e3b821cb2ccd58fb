// Runs Doyensec's Electronegativity over the sources (`npm run lint:electron`, part of `npm test`)
// and fails on any finding. A finding that is deliberate is explained where it is raised, with an
// `eng-disable CHECK_ID because ...` comment (the tool's own inline switch).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'))

// The tool fetches translations and Electron's release list from GitHub at every run. Tests never
// use the network: its HTTP client is replaced by one that answers "nothing here" at once, so the
// tool keeps its bundled English texts.
const gotPath = createRequire(join(toolDir, 'package.json')).resolve('got')
const nothingHere = () => Promise.resolve({ statusCode: 404, body: '' })
const offline = Object.assign(nothingHere, { head: nothingHere })
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: offline,
} as unknown as NodeJS.Module

interface Finding {
  /** Absent on some of the tool's issues; only those with an id are findings. */
  id?: string
  file: string
  location: { line: number; column: number }
  description: string
  manualReview: boolean
}
type Run = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ globalChecks: number; atomicChecks: number; issues: Finding[]; errors: unknown[] }>

const electronVersion = (require('electron/package.json') as { version: string }).version
const run = require(join(toolDir, 'dist/runner.js')) as Run
const result = await run(
  {
    input: 'src',
    output: undefined,
    isSarif: false,
    customScan: [],
    // Needs the network (Electron's release list); the Electron version is pinned in package.json.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    electronVersionOverride: electronVersion,
    isRelative: true,
    severitySet: undefined,
    confidenceSet: undefined,
  },
  false,
)
const findings = result.issues.filter(
  (issue): issue is Finding & { id: string } => issue.id !== undefined,
)
for (const issue of findings) {
  console.error(
    `${issue.id} src/${issue.file}:${issue.location.line}:${issue.location.column} ${issue.description}`,
  )
}
console.log(
  `electronegativity (Electron ${electronVersion}): ${findings.length} finding(s) in src/`,
)
process.exitCode = findings.length === 0 ? 0 : 1
