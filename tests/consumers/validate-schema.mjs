// Validates JSON documents against a JSON Schema (draft-07) with Ajv.
//
//   node validate-schema.mjs SCHEMA[#/definitions/NAME] FILE...
//
// A FILE ending in `.jsonl` holds one document per line. Exits 1 and prints every violation
// (file, line for JSON lines, instance path, message) when one does not validate.
import { readFileSync } from "node:fs";
import Ajv from "ajv";

const [target, ...files] = process.argv.slice(2);
if (!target || files.length === 0) {
  console.error("usage: node validate-schema.mjs SCHEMA[#/definitions/NAME] FILE...");
  process.exit(2);
}
const [schemaPath, pointer] = target.split("#");
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(JSON.parse(readFileSync(schemaPath, "utf8")), "schema");
const validate = ajv.getSchema(pointer ? `schema#${pointer}` : "schema");
if (!validate) {
  console.error(`no schema at ${target}`);
  process.exit(2);
}
let failed = false;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const docs = file.endsWith(".jsonl")
    ? text.split("\n").filter((l) => l.trim() !== "").map((l, i) => [`${file}:${i + 1}`, l])
    : [[file, text]];
  for (const [where, json] of docs) {
    let doc;
    try {
      doc = JSON.parse(json);
    } catch (e) {
      console.error(`${where}: not JSON: ${e.message}`);
      failed = true;
      continue;
    }
    if (!validate(doc)) {
      failed = true;
      for (const err of validate.errors) {
        console.error(`${where}: ${err.instancePath || "/"} ${err.message} ${JSON.stringify(err.params)}`);
      }
    }
  }
}
process.exit(failed ? 1 : 0);
