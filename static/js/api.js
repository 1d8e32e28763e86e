// The HTTP API (contract section 3): every fetch of the app, the lessons and /train goes through
// here; errors become ApiError {status, detail}.

export class ApiError extends Error {
  constructor(status, detail) {
    const msg = Array.isArray(detail) ? detail.map((d) => d.msg).join("; ") : String(detail);
    super(msg || `HTTP ${status}`);
    this.status = status;
    this.detail = Array.isArray(detail) ? detail : [{ msg: this.message, node: null }];
  }
}

async function request(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const type = res.headers.get("content-type") || "";
  const data = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, data && data.detail !== undefined ? data.detail : data);
  return data;
}

export const api = {
  ops: () => request("GET", "/api/ops"),
  examples: () => request("GET", "/api/examples"),
  example: (name) => request("GET", `/api/examples/${encodeURIComponent(name)}`),
  evaluate: (doc) => request("POST", "/api/evaluate", doc),
  /** The evaluation with every array in full (no summaries): the training page's graph. */
  evaluateFull: (doc) => request("POST", "/api/evaluate?arrays=full", doc),
  gradcheck: (doc) => request("POST", "/api/gradcheck", doc),
  parse: (source) => request("POST", "/api/parse", { source }),
  save: (doc) => request("POST", "/api/graphs", doc),
  load: (id) => request("GET", `/api/graphs/${encodeURIComponent(id)}`),
  dot: (doc) => request("POST", "/api/export/dot", doc),
  tour: () => request("GET", "/api/tour"),
  trainStep: (body) => request("POST", "/api/train/step", body),
  trainDataset: (name) => request("GET", `/api/train/datasets/${encodeURIComponent(name)}`),
};
