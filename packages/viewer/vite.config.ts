import { resolve } from "node:path";
import { defineConfig } from "vite";
import { syraqData } from "./server/vite-data-plugin.ts";

// Offline by construction: every module is bundled from node_modules, data
// comes from the pack and data/ through the syraq-data plugin, nothing is
// fetched from the web (no CDN, tiles or remote workers).
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [syraqData()],
  // @syraq/core from its TypeScript sources (the "@syraq/source" export condition), so the dev server and the
  // build follow core's edits without a `pnpm build` of core first.
  resolve: { conditions: ["@syraq/source", "module", "browser", "development|production"] },
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Built for local use and for the figure pipeline: fast builds beat small files.
    minify: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, "index.html"), figure: resolve(import.meta.dirname, "figure.html") },
    },
  },
});
