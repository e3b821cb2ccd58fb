import { config } from 'zod'

// zod probes for eval with `new Function` when a schema is first used; script-src 'self' refuses it
// and Chromium reports a CSP violation. Jitless mode skips the probe (and the eval it would enable).
config({ jitless: true })
