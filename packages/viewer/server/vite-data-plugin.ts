import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import type { Connect, Plugin } from "vite";
import { dataIndex, fileForUrl, listFiles, packDir, PROJECT_DATA_DIR } from "./data-files.ts";

const TYPES: Record<string, string> = {
  json: "application/json",
  geojson: "application/geo+json",
  tif: "image/tiff",
  tiff: "image/tiff",
  csv: "text/csv",
};

/** A short plain-text answer (never a stack trace: the server stays up and says what was wrong). */
function answer(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(`${text}\n`);
}

function middleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = req.url ?? "";
    try {
      // a malformed %-escape (/pack/%E0%A4%A) is the client's error: 400, not a 500 with a stack
      decodeURIComponent(url.split("?")[0]!);
    } catch {
      return answer(res, 400, "bad request: malformed %-escape in the URL");
    }
    try {
      if (url.split("?")[0] === "/data-index.json") {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(dataIndex(packDir())));
        return;
      }
      const file = fileForUrl(url, packDir());
      if (!file) return next();
      if (!statSync(file).isFile()) return answer(res, 404, "not found");
      res.setHeader("Content-Type", TYPES[file.split(".").pop()!.toLowerCase()] ?? "application/octet-stream");
      res.setHeader("Cache-Control", "no-cache");
      res.end(readFileSync(file));
    } catch (e) {
      answer(res, 500, `cannot serve this file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
  };
}

/**
 * Serves the data pack under /pack/ and the project's data/ under /data/
 * (dev and preview), and copies both into dist/ at build time so the static
 * site works on its own. The built site is for local use: it carries copies
 * of the pack's files, which must not be published without their licences
 * (see the pack's SOURCES.md).
 */
export function syraqData(): Plugin {
  let outDir = "dist";
  return {
    name: "syraq-data",
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(middleware());
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware());
    },
    closeBundle() {
      const pack = packDir();
      const index = dataIndex(pack);
      for (const f of index.pack) {
        mkdirSync(dirname(join(outDir, "pack", f)), { recursive: true });
        cpSync(join(pack, f), join(outDir, "pack", f));
      }
      for (const f of listFiles(PROJECT_DATA_DIR)) {
        mkdirSync(dirname(join(outDir, "data", f)), { recursive: true });
        cpSync(join(PROJECT_DATA_DIR, f), join(outDir, "data", f));
      }
      writeFileSync(join(outDir, "data-index.json"), JSON.stringify(index));
    },
  };
}
