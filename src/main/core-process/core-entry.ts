import { runCoreHost } from './core-host'

// The core process of headless mode (out/main/core-host.js), forked by its server: downloads use
// undici with the environment's proxy settings.
void runCoreHost()
