/**
 * `syraq serve`: one warm engine over HTTP (node:http). The route graph is loaded once per
 * worker thread (shared/pool.ts); the main thread parses requests, enforces the limits and
 * answers errors in each API's own format:
 *
 *   GET  /health                         200 {"status":"ok"} once ready, 503 while loading
 *   GET  /openapi.json                   the API description
 *   GET  /route/v1/{profile}/{coords}    OSRM route (serve/osrm.ts)
 *   GET  /table/v1/{profile}/{coords}    OSRM table
 *   GET  /nearest/v1/{profile}/{coord}   OSRM nearest
 *   POST /isochrone, GET /isochrone?json=…   Valhalla isochrone (serve/valhalla.ts)
 *   POST /syraq/v1/{command}  (body: args)   Syraq's JSON API: the JSON of `syraq COMMAND --json`
 *   GET  /syraq/v1/{command}?name=value…     the same, arguments in the query string
 *   POST /syraq/v1            (body: {"command", "args"})  one request of a batch file
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EnginePool, TaskFailure } from "../shared/pool.ts";
import { type ApiAnswer, parseApiRequest } from "../shared/requests.ts";
import { openApiDocument } from "./openapi.ts";
import { type HttpAnswer, OsrmError, osrmError, tableShape } from "./osrm.ts";
import { valhallaError } from "./valhalla.ts";

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  workers?: number;
  /** Per-request time limit, seconds. */
  timeLimitSeconds: number;
  /** Largest request body, bytes. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  readyMs: number;
  server: Server;
  pool: EnginePool;
  /** Stops accepting, lets requests in flight finish (up to 10 s), stops the workers. */
  close(): Promise<void>;
}

type Api = "osrm" | "valhalla" | "syraq" | "plain";

const MAX_BODY = 1024 * 1024;

function send(res: ServerResponse, a: HttpAnswer, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = a.text ?? JSON.stringify(a.body);
  res.writeHead(a.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "access-control-allow-origin": "*",
    ...headers,
  });
  res.end(text);
}

/** An error in the format of the API a request was meant for. */
function apiError(api: Api, status: number, code: string, message: string): HttpAnswer {
  switch (api) {
    case "osrm":
      return osrmError(code, message, status);
    case "valhalla":
      return valhallaError(status === 413 ? 100 : status >= 500 ? 442 : 100, message, status);
    default:
      return { status, body: { error: { code, message } } };
  }
}

const STATUS_BY_CATEGORY: Record<string, number> = {
  input: 400,
  "no-result": 422,
  data: 503,
  internal: 500,
  timeout: 504,
  busy: 503,
};

function failureAnswer(api: Api, e: unknown): HttpAnswer {
  if (e instanceof TaskFailure) {
    const status = STATUS_BY_CATEGORY[e.error.category] ?? 500;
    if (api === "syraq" || api === "plain")
      return { status, body: { error: { code: e.error.code, message: e.error.message, details: e.error.details } } };
    const code = api === "osrm" ? (status === 504 ? "TooBig" : "Error") : e.error.code;
    return apiError(api, status, code, e.error.message);
  }
  return apiError(api, 500, api === "osrm" ? "Error" : "INTERNAL", `internal error: ${(e as Error)?.message}`);
}

class BodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      reject(new BodyError(413, `request body of ${declared} bytes; at most ${limit}`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new BodyError(413, `request body over ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (failed) return;
      const buf = Buffer.concat(chunks);
      const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
      try {
        resolve(text.decode(buf));
      } catch {
        reject(new BodyError(400, "request body is not valid UTF-8"));
      }
    });
    req.on("error", () => reject(new BodyError(400, "request body could not be read")));
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `invalid JSON: ${(e as Error).message.slice(0, 120)}` };
  }
}

/**
 * An OSRM table, its sources split over the workers (one one-to-many search per source, so
 * rows are independent) and the answers joined in order.
 */
async function osrmTable(pool: EnginePool, url: string, limitMs: number): Promise<HttpAnswer> {
  let n: number;
  try {
    n = tableShape(url).sources.length;
  } catch (e) {
    if (e instanceof OsrmError) return osrmError(e.code, e.message, e.status);
    throw e;
  }
  const deadline = Date.now() + limitMs * 0.9;
  const parts = Math.max(1, Math.min(pool.size, Math.floor(n / 4)));
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k < parts; k++) ranges.push([Math.floor((k * n) / parts), Math.floor(((k + 1) * n) / parts)]);
  const answers = await Promise.all(
    ranges.map((sourceRange) =>
      pool.run<HttpAnswer>({ kind: "osrm-table", url, deadline, ...(parts > 1 ? { sourceRange } : {}) }, limitMs),
    ),
  );
  const failed = answers.find((a) => a.status !== 200);
  if (failed || answers.length === 1) return failed ?? answers[0]!;
  const bodies = answers.map((a) => a.body as Record<string, unknown[] | undefined>);
  const joined: Record<string, unknown> = { ...bodies[0] };
  for (const key of ["durations", "distances", "sources"])
    if (bodies[0]![key]) joined[key] = bodies.flatMap((b) => b[key] ?? []);
  return { status: 200, body: joined };
}

/** Starts the server; resolves when it listens and a worker has loaded the route graph (the others follow). */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const t0 = Date.now();
  const pool = new EnginePool({
    dataDir: o.dataDir,
    ...(o.workers ? { size: o.workers } : {}),
    landmarks: ["vehicle", "foot"],
    maxQueue: 2000,
  });
  let ready = false;
  const limitMs = o.timeLimitSeconds * 1000;
  const maxBody = o.maxBodyBytes ?? MAX_BODY;
  let inFlight = 0;
  let closing = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? "/";
    const method = req.method ?? "GET";
    const path = url.split("?")[0]!;
    const api: Api = /^\/(route|table|nearest|match|trip|tile)\//.test(path)
      ? "osrm"
      : path === "/isochrone"
        ? "valhalla"
        : path.startsWith("/syraq/")
          ? "syraq"
          : "plain";
    if (method === "OPTIONS") {
      // CORS preflight for browser clients (POST /isochrone and /syraq/v1 with a JSON body)
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }
    if (path === "/health") {
      if (method !== "GET" && method !== "HEAD") return send(res, apiError("plain", 405, "METHOD", "use GET"));
      return send(
        res,
        ready && !closing && pool.readyCount > 0
          ? {
              status: 200,
              body: {
                status: "ok",
                workers: pool.readyCount,
                warm: pool.warmCount === pool.size,
                queued: pool.queued,
              },
            }
          : { status: 503, body: { status: closing ? "stopping" : "loading" } },
      );
    }
    if (path === "/openapi.json" && method === "GET") return send(res, { status: 200, body: openApiDocument() });
    if (!ready) return send(res, apiError(api, 503, "LOADING", "the engine is still loading"), { "retry-after": "1" });
    if (closing) return send(res, apiError(api, 503, "STOPPING", "the server is stopping"));
    if (api === "osrm") {
      if (method !== "GET") return send(res, osrmError("InvalidUrl", "use GET for the OSRM services", 405));
      const service = path.split("/")[1]!;
      if (service !== "route" && service !== "table" && service !== "nearest")
        return send(
          res,
          osrmError("InvalidService", `service '${service}' is not offered; use route, table or nearest`),
        );
      if (service === "route" || service === "nearest") {
        const task = { kind: service === "route" ? ("osrm-route" as const) : ("osrm-nearest" as const), url };
        return send(res, await pool.run<HttpAnswer>(task, limitMs).catch((e) => failureAnswer(api, e)));
      }
      return send(res, await osrmTable(pool, url, limitMs).catch((e) => failureAnswer(api, e)));
    }
    if (api === "valhalla") {
      let text: string;
      if (method === "POST") text = await readBody(req, maxBody);
      else if (method === "GET") {
        const json = new URLSearchParams(url.slice(path.length + 1)).get("json");
        if (json === null) return send(res, valhallaError(100, "Failed to parse json request: give ?json={…}"));
        text = json;
      } else return send(res, valhallaError(101, "Try a POST or GET request instead", 405));
      const parsed = parseJson(text);
      if (!parsed.ok) return send(res, valhallaError(100, `Failed to parse json request: ${parsed.message}`));
      const task = { kind: "valhalla-isochrone" as const, body: parsed.value };
      return send(res, await pool.run<HttpAnswer>(task, limitMs).catch((e) => failureAnswer(api, e)));
    }
    if (api === "syraq") {
      const m = /^\/syraq\/v1(?:\/([a-z-]+))?\/?$/.exec(path);
      if (!m) return send(res, apiError(api, 404, "NOT_FOUND", `no such path; see /openapi.json`));
      let request: unknown;
      if (method === "POST") {
        const parsed = parseJson(await readBody(req, maxBody));
        if (!parsed.ok) return send(res, apiError(api, 400, "BAD_JSON", parsed.message));
        request = m[1] ? { command: m[1], args: parsed.value } : parsed.value;
      } else if (method === "GET" && m[1]) {
        const args: Record<string, string | string[]> = {};
        for (const [k, v] of new URLSearchParams(url.slice(path.length + 1))) {
          const prev = args[k];
          args[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
        }
        request = { command: m[1], args };
      } else return send(res, apiError(api, 405, "METHOD", "use POST (JSON body) or GET with a command"));
      let apiRequest: ReturnType<typeof parseApiRequest>;
      try {
        apiRequest = parseApiRequest(request);
      } catch (e) {
        return send(res, apiError(api, 400, "BAD_ARGUMENT", (e as Error).message));
      }
      try {
        const answer = await pool.run<ApiAnswer>({ kind: "api", request: apiRequest }, limitMs);
        const headers: Record<string, string> = answer.notes.length
          ? { "syraq-notes": encodeURIComponent(JSON.stringify(answer.notes)) }
          : {};
        return send(res, { status: 200, body: answer.json }, headers);
      } catch (e) {
        return send(res, failureAnswer(api, e));
      }
    }
    return send(res, apiError("plain", 404, "NOT_FOUND", "no such path; see /openapi.json"));
  };

  const server = createServer({ maxHeaderSize: 64 * 1024, requestTimeout: 60_000 }, (req, res) => {
    inFlight++;
    res.on("close", () => inFlight--);
    handle(req, res).catch((e) => {
      const api: Api = (req.url ?? "").startsWith("/isochrone") ? "valhalla" : "plain";
      if (e instanceof BodyError) return send(res, apiError(api, e.status, "BAD_BODY", e.message));
      send(res, apiError(api, 500, "INTERNAL", `internal error: ${(e as Error)?.message}`));
    });
  });
  // idle keep-alive connections outlive the clients' own idle timeouts (undici: 4 s), so a client never
  // sends a request on a socket the server is closing at that moment
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(o.port, o.host, () => resolve());
    });
  } catch (e) {
    // port in use, no such address: the worker threads would keep the process alive
    await pool.close();
    throw e;
  }
  try {
    await pool.readyAny;
  } catch (e) {
    server.close();
    await pool.close();
    throw e;
  }
  ready = true;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const close = async () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeIdleConnections();
    const until = Date.now() + 10_000;
    while (inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    server.closeAllConnections();
    await pool.close();
  };
  return { url: `http://${host}:${address.port}`, readyMs: Date.now() - t0, server, pool, close };
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
