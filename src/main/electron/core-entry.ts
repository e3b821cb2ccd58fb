import { net } from 'electron'
import { runCoreHost } from '../core-process/core-host'

// The core's utility process in the app (out/main/electron-core.js). Electron's `net` works here:
// downloads go through Chromium's network stack (the system's proxy settings, PAC, its certificates).
void runCoreHost({ fetch: (url, init) => net.fetch(url, init) })
