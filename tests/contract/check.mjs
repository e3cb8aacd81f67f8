// Contract check: the responses the integration tests recorded against
// openapi.yaml.
//
//   node check.mjs ../../openapi.yaml RESPONSES.jsonl
//
// Fails when a response has a path, method, status or content type the spec
// does not document, when a JSON body does not validate against its schema
// (JSON Schema 2020-12, as OpenAPI 3.1 uses), or when a path, method and
// status the spec documents was never exercised by a test.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [specPath, recordPath] = process.argv.slice(2);
if (!specPath || !recordPath) {
  console.error("usage: node check.mjs openapi.yaml responses.jsonl");
  process.exit(2);
}
const spec = parse(readFileSync(specPath, "utf8"));

// Resolves local "#/..." references, everywhere but inside schemas (ajv
// resolves those itself against the whole document).
function pointer(ref) {
  return ref
    .slice(2)
    .split("/")
    .reduce((node, part) => node[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
}
function deref(node) {
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    node = pointer(node.$ref);
  }
  return node;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: "openapi" }, "openapi");

// Every schema becomes a validator that can follow "#/components/..." refs.
const validators = new Map();
function validatorFor(schema) {
  if (!validators.has(schema)) {
    const wrapped = schema.$ref
      ? { $ref: "openapi" + schema.$ref }
      : rewriteRefs(structuredClone(schema));
    validators.set(schema, ajv.compile(wrapped));
  }
  return validators.get(schema);
}
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      node[k] = k === "$ref" && typeof v === "string" && v.startsWith("#")
        ? "openapi" + v
        : rewriteRefs(v);
    }
  }
  return node;
}

// The web page: the shell of web/page.html around one view with its <h1>.
function isPage(body) {
  return /^<!doctype html>\n<html lang="en">/.test(body) && /<h1[ >]/.test(body) &&
    body.includes('<script src="/assets/app.js" defer></script>') && /<\/html>\n$/.test(body);
}

const METHODS = ["get", "head", "options", "post", "put", "delete", "patch"];
// A path matches a template segment by segment, each segment decoded on
// its own, as the server does: "%2F" inside a segment is no separator.
function decodeSegment(seg) {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}
const templates = Object.keys(spec.paths).map((path) => ({
  path,
  segments: path.split("/"),
}));
function matches(tpl, target) {
  const segs = target.replace(/^[a-z]+:\/\/[^/?#]*/i, "").split("?")[0].split("/").map(decodeSegment);
  if (segs.length === 1 && segs[0] === "") segs.push(""); // absolute-form with no path
  return segs.length === tpl.segments.length &&
    tpl.segments.every((t, i) => (t.startsWith("{") ? segs[i] !== "" : t === segs[i]));
}

// What the spec documents: "METHOD path status".
const documented = new Set();
for (const [path, rawItem] of Object.entries(spec.paths)) {
  const item = deref(rawItem);
  for (const m of METHODS) {
    const op = deref(item[m]);
    if (!op) continue;
    for (const status of Object.keys(deref(op.responses))) {
      documented.add(`${m.toUpperCase()} ${path} ${status}`);
    }
  }
}

const exercised = new Set();
const failures = [];
let checked = 0, validated = 0;
const problemValidator = validatorFor({ $ref: "#/components/schemas/Problem" });

for (const line of readFileSync(recordPath, "utf8").split("\n")) {
  if (!line) continue;
  const rec = JSON.parse(line);
  checked++;
  const where = `${rec.method} ${rec.target} -> ${rec.status}`;
  if (rec.target === "*") {
    // asterisk-form: OPTIONS asks about the whole server; other methods are
    // a bad URI
    const ok = rec.method === "OPTIONS" ? rec.status === 204 : rec.status === 400;
    if (!ok) failures.push(`${where}: not the documented answer to *`);
    continue;
  }
  const tpl = templates.find((t) => matches(t, rec.target));
  if (!tpl) {
    // not a route: must be the documented 404 (or a 400 for a bad URI)
    const type = (rec.content_type || "").split(";")[0].trim();
    if (![400, 404, 405].includes(rec.status)) {
      failures.push(`${where}: no such path in the spec`);
    } else if (type === "application/problem+json") {
      if (!problemValidator(JSON.parse(rec.body))) {
        failures.push(`${where}: ${ajv.errorsText(problemValidator.errors)}`);
      }
      validated++;
    } else if (type === "text/html") {
      // a browser's 404 is the web page
      if (!isPage(rec.body)) failures.push(`${where}: not the web page`);
    } else if (type !== "text/plain") {
      failures.push(`${where}: content type ${type} for an error`);
    }
    continue;
  }
  // every method but GET, HEAD and OPTIONS is documented as "post"
  const m = ["GET", "HEAD", "OPTIONS"].includes(rec.method) ? rec.method.toLowerCase() : "post";
  const item = deref(spec.paths[tpl.path]);
  const op = deref(item[m]);
  if (!op) {
    failures.push(`${where}: ${m} is not documented for ${tpl.path}`);
    continue;
  }
  const response = deref(deref(op.responses)[String(rec.status)]);
  if (!response) {
    failures.push(`${where}: status ${rec.status} is not documented for ${m} ${tpl.path}`);
    continue;
  }
  exercised.add(`${m.toUpperCase()} ${tpl.path} ${rec.status}`);
  if (!rec.body) continue; // HEAD, 204, 304
  // a response sent without Content-Type (libmicrohttpd's own pages) is
  // documented by the media type its x-content-type-absent names
  const type = (rec.content_type || "").split(";")[0].trim() ||
    response["x-content-type-absent"] || "(no Content-Type)";
  const media = response.content?.[type];
  if (!media) {
    failures.push(`${where}: content type ${type} is not documented`);
    continue;
  }
  if (type === "text/html" && rec.content_type) {
    // ours, not libmicrohttpd's (which sends no Content-Type): the page
    if (!isPage(rec.body)) failures.push(`${where}: not the web page`);
    validated++;
  }
  if (type.endsWith("json")) {
    let body;
    try {
      body = JSON.parse(rec.body);
    } catch (e) {
      failures.push(`${where}: body is not JSON: ${e.message}`);
      continue;
    }
    const validate = validatorFor(media.schema);
    if (!validate(body)) {
      failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    validated++;
  }
}

for (const d of documented) {
  if (!exercised.has(d)) failures.push(`documented but never exercised: ${d}`);
}

for (const f of failures) console.error("FAIL: " + f);
const pass = documented.size - [...documented].filter((d) => !exercised.has(d)).length;
console.log(
  `contract: ${checked} responses checked, ${validated} JSON and HTML bodies validated, ` +
  `${pass} of ${documented.size} documented responses exercised`,
);
console.log(`${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed`);
process.exit(failures.length === 0 ? 0 : 1);
