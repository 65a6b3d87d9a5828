// Validates every manifest in deploy/k8s against the Kubernetes API schemas that kubernetes-models bundles:
// YAML syntax, known kinds, field types, required fields and unknown fields. No cluster and no network.
//   cd deploy/k8s/validate && npm ci && node validate.mjs [FILE...]
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { Service } from "kubernetes-models/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";

const models = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "batch/v1/Job": Job,
};

const folder = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(folder, f));

let failures = 0;
let checked = 0;
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"), { strict: true, uniqueKeys: true });
  for (const [index, document] of documents.entries()) {
    const where = `${file}#${index + 1}`;
    if (document.errors.length > 0) {
      failures++;
      console.error(`FAIL ${where}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const manifest = document.toJS();
    if (manifest == null) continue;
    const Model = models[`${manifest.apiVersion}/${manifest.kind}`];
    if (!Model) {
      failures++;
      console.error(`FAIL ${where}: ${manifest.apiVersion} ${manifest.kind} is not a kind this check knows; add it to validate.mjs`);
      continue;
    }
    try {
      new Model(manifest).validate();
      checked++;
      console.log(`ok   ${where}: ${manifest.kind} ${manifest.metadata?.name}`);
    } catch (error) {
      failures++;
      console.error(`FAIL ${where}: ${manifest.kind} ${manifest.metadata?.name}: ${error.message}`);
    }
  }
}
console.log(`${checked} manifests valid, ${failures} invalid`);
process.exit(failures > 0 || checked === 0 ? 1 : 0);
