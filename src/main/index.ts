// The Electron entry: everything lives in src/main/electron (the shell) and src/main/core.
import { startElectronApp } from './electron/app'

void startElectronApp()
