/**
 * `npm run reliability -- download --runs 20 --json FILE`, `... crash --runs 100 --json FILE` or
 * `... state-kill --runs 20 --json FILE`:
 * runs a reliability check, prints the counts and writes them as JSON. Node 24 runs this file
 * directly (type stripping).
 */
import { writeFile } from 'node:fs/promises'
import { MISSING_BUILD, runCrashReliability } from './crash.ts'
import { runDownloadReliability } from './download.ts'
import { runStateKillReliability } from './state-kill.ts'

const [which, ...rest] = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = rest.indexOf(`--${name}`)
  return i === -1 ? undefined : rest[i + 1]
}
const log = (line: string) => console.error(line)

async function finish(report: object, passed: boolean): Promise<void> {
  console.log(JSON.stringify(report))
  const json = flag('json')
  if (json) await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
  process.exitCode = passed ? 0 : 1
}

if (which === 'download') {
  const runs = Number(flag('runs') ?? '20')
  const report = await runDownloadReliability({ runs, log })
  const two = report.two_processes
  await finish(
    report,
    report.corrupt_loaded === 0 &&
      report.hash_ok === report.runs &&
      report.resumed === report.runs &&
      two.corrupt_loaded === 0 &&
      two.hash_ok === two.runs,
  )
} else if (which === 'crash') {
  const runs = Number(flag('runs') ?? '100')
  try {
    const report = await runCrashReliability({ runs, log })
    await finish(report, report.conversations_lost === 0)
  } catch (error) {
    if (!(error instanceof Error && error.message === MISSING_BUILD)) throw error
    console.error(MISSING_BUILD)
    process.exitCode = 2
  }
} else if (which === 'state-kill') {
  const runs = Number(flag('runs') ?? '20')
  try {
    const report = await runStateKillReliability({ runs, log })
    await finish(report, report.temporaries_after_restart === 0 && report.answered === report.runs)
  } catch (error) {
    if (!(error instanceof Error && error.message === MISSING_BUILD)) throw error
    console.error(MISSING_BUILD)
    process.exitCode = 2
  }
} else {
  console.error('usage: reliability download|crash|state-kill [--runs N] [--json FILE]')
  process.exitCode = 2
}
