/**
 * `npm run reliability -- download --runs 20 --json FILE`: runs a reliability check, prints the
 * counts and writes them as JSON. Node 24 runs this file directly (type stripping).
 */
import { writeFile } from 'node:fs/promises'
import { runDownloadReliability } from './download.ts'

const [which, ...rest] = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = rest.indexOf(`--${name}`)
  return i === -1 ? undefined : rest[i + 1]
}

if (which !== 'download') {
  console.error('usage: reliability download [--runs N] [--json FILE]')
  process.exit(2)
}
const runs = Number(flag('runs') ?? '20')
const report = await runDownloadReliability({ runs, log: (line) => console.error(line) })
console.log(JSON.stringify(report))
const json = flag('json')
if (json) await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
process.exitCode =
  report.corrupt_loaded === 0 && report.hash_ok === report.runs && report.resumed === report.runs
    ? 0
    : 1
