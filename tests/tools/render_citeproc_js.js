// Render CSL-JSON items with citeproc-js, the reference CSL processor, to make golden files.
// Development tool only (see tests/tools/README.md); needs `npm install citeproc` in the folder
// given as NODE_PATH. Input (JSON file, argv[2]):
//   {"locale": "<path to locales-en-US.xml>", "styles": {"apa": "<path.csl>", ...},
//    "cases": {"<case>": [<CSL item>, ...]}}
// Output (stdout): {"<style>": {"<case>": {"text": [[id, entry]...], "html": [...],
//                   "intext": [[id, label]...]}}}; bibliography entries in the style's order.
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const locale = fs.readFileSync(input.locale, "utf8");

function engine(styleXml, items, format) {
  const byId = Object.fromEntries(items.map((item) => [item.id, item]));
  const sys = {
    retrieveLocale: () => locale,
    retrieveItem: (id) => byId[id],
  };
  const proc = new CSL.Engine(sys, styleXml, "en-US", true);
  proc.setOutputFormat(format);
  proc.updateItems(items.map((item) => item.id));
  return proc;
}

function render(styleXml, items) {
  const result = {};
  for (const format of ["text", "html"]) {
    const proc = engine(styleXml, items, format);
    const [meta, entries] = proc.makeBibliography();
    result[format] = meta.entry_ids.map((ids, i) => [ids[0], entries[i].trim()]);
  }
  // In-text labels: cite every item once, in order, as a reader's document would.
  const proc = engine(styleXml, items, "text");
  const citations = items.map((item, i) => ({
    citationID: `c${i}`,
    citationItems: [{ id: item.id }],
    properties: { noteIndex: 0 },
  }));
  const pre = [];
  const labels = {};
  for (const citation of citations) {
    const [, updates] = proc.processCitationCluster(citation, pre, []);
    for (const [index, text] of updates) labels[citations[index].citationItems[0].id] = text;
    pre.push([citation.citationID, 0]);
  }
  result.intext = items.map((item) => [item.id, labels[item.id]]);
  return result;
}

const out = {};
for (const [styleName, stylePath] of Object.entries(input.styles)) {
  const styleXml = fs.readFileSync(stylePath, "utf8");
  out[styleName] = {};
  for (const [caseName, items] of Object.entries(input.cases)) {
    out[styleName][caseName] = render(styleXml, items);
  }
}
process.stdout.write(JSON.stringify(out, null, 1));
