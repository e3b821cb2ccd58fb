// Vite replaces these at build time in the main bundle (true only under `electron-vite dev`).
interface ImportMetaEnv {
  readonly DEV: boolean
}
interface ImportMeta {
  readonly env: ImportMetaEnv
}
