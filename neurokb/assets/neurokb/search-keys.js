/* neurokb: an exact citation key or DOI typed into the site search opens that paper.
 *
 * "zenke2018superspike", "10.1162/neco_a_01086", "doi:10.1162/..." or "https://doi.org/10..."
 * followed by Enter goes straight to the paper's page; anything else is left to Material's
 * search. The key table (assets/neurokb/paper-keys.js, written by neurokb/site/search_index.py)
 * is loaded as a script the first time the search box gets focus: a script works from file://,
 * where fetch() does not, and pages that are never searched never load it.
 */
(function () {
  "use strict";

  function base() {
    var config = document.getElementById("__config");
    var root = config ? JSON.parse(config.textContent).base : ".";
    return new URL(root.replace(/\/?$/, "/"), window.location.href);
  }

  function load() {
    if (window.NeuroKBKeys || document.getElementById("nkb-paper-keys")) return;
    var script = document.createElement("script");
    script.id = "nkb-paper-keys";
    script.src = new URL("assets/neurokb/paper-keys.js", base()).href;
    document.head.appendChild(script);
  }

  /* The table's key for what was typed: lower case, without a DOI prefix or resolver. */
  function normalise(text) {
    return text.trim().toLowerCase()
      .replace(/^https?:\/\/(dx\.)?doi\.org\//, "")
      .replace(/^doi:\s*/, "");
  }

  function target(text) {
    var table = window.NeuroKBKeys;
    var url = table && Object.prototype.hasOwnProperty.call(table, normalise(text)) ? table[normalise(text)] : null;
    return url ? new URL(url, base()).href : null;
  }

  function attach() {
    var input = document.querySelector(".md-search__input");
    if (!input || input.dataset.nkbKeys) return;
    input.dataset.nkbKeys = "1";
    input.addEventListener("focus", load);
    // Capture phase: runs before Material's own Enter handling (which opens the first result).
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var url = target(input.value);
      if (!url) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      window.location.href = url;
    }, true);
  }

  window.NeuroKB = window.NeuroKB || {};
  window.NeuroKB.paperFor = target;
  if (typeof document$ !== "undefined") document$.subscribe(attach);
  else attach();
})();
