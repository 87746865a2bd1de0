/* neurokb: draw the concept graph with the vendored Cytoscape.js.
 *
 * Every element with class "nkb-graph" becomes a graph. Its data is either inline JSON in
 * data-graph (a topic's neighbourhood) or the name of a global set by a script file in
 * data-source (the whole graph: fetch() of a JSON file fails from file://). Node positions
 * come from the build (NetworkX), so no layout runs here. With data-controls="true" the view
 * gets kind filters and a node search. Clicking a node opens its page.
 *
 * Mounted graphs are listed in window.NeuroKB.graphs (the browser tests read it).
 */
(function () {
  "use strict";

  var KINDS = {
    topic: { label: "Topics", color: "#e8710a", shape: "round-rectangle" },
    paper: { label: "Papers", color: "#3f51b5", shape: "ellipse" },
    algorithm: { label: "Algorithms", color: "#c2185b", shape: "diamond" },
    author: { label: "Authors", color: "#2e7d32", shape: "ellipse" }
  };

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function readData(container) {
    if (container.dataset.graph) return JSON.parse(container.dataset.graph);
    if (container.dataset.source) return window[container.dataset.source] || null;
    return null;
  }

  function size(node) {
    var base = node.kind === "topic" ? 22 : node.kind === "algorithm" ? 20 : 10;
    return base + 3 * Math.sqrt(node.degree || 0);
  }

  function elements(data) {
    var out = [];
    data.nodes.forEach(function (n) {
      out.push({
        group: "nodes",
        data: { id: n.id, label: n.label, kind: n.kind, url: n.url, title: n.title || "", size: size(n) },
        position: { x: n.x, y: -n.y },
        classes: n.id === data.focus ? "focus" : ""
      });
    });
    data.edges.forEach(function (e, i) {
      out.push({ group: "edges", data: { id: "e" + i, source: e.s, target: e.t, kind: e.k } });
    });
    return out;
  }

  function style(container) {
    // Computed colours are rgb()/rgba(), which Cytoscape reads (it rejects 8-digit hex).
    var fg = window.getComputedStyle(container).color || "rgb(51, 51, 51)";
    var bg = window.getComputedStyle(document.body).backgroundColor || "rgb(255, 255, 255)";
    var rules = [
      {
        selector: "node",
        style: {
          width: "data(size)", height: "data(size)", "border-width": 1, "border-color": bg,
          label: "data(label)", "font-size": 11, color: fg, "text-valign": "bottom",
          "text-margin-y": 3, "text-outline-color": bg, "text-outline-width": 2,
          "min-zoomed-font-size": 9, "text-max-width": 140, "text-wrap": "ellipsis"
        }
      },
      {
        selector: "edge",
        style: { width: 1, "line-color": "#9e9e9e", opacity: 0.35, "curve-style": "haystack" }
      },
      { selector: "edge[kind = 'cites']", style: { "line-color": "#3f51b5" } },
      { selector: "edge[kind = 'subtopic-of']", style: { "line-color": "#e8710a", width: 2 } },
      { selector: "node.focus", style: { "border-width": 4, "border-color": fg } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#ffd600", "z-index": 10 } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: "node.hover", style: { "font-size": 14, "z-index": 20, "text-max-width": 300 } }
    ];
    Object.keys(KINDS).forEach(function (kind) {
      rules.push({
        selector: "node[kind = '" + kind + "']",
        style: { "background-color": KINDS[kind].color, shape: KINDS[kind].shape }
      });
    });
    rules.push({ selector: "node[kind = 'topic'], node[kind = 'algorithm']", style: { "font-weight": "bold", "font-size": 14, "min-zoomed-font-size": 5 } });
    return rules;
  }

  function controls(container, cy, data) {
    var bar = document.createElement("div");
    bar.className = "nkb-graph__controls";
    var hidden = (container.dataset.hiddenKinds || "").split(",");
    var counts = {};
    data.nodes.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
    Object.keys(KINDS).forEach(function (kind) {
      if (!counts[kind]) return;
      var label = document.createElement("label");
      label.className = "nkb-graph__kind";
      label.style.setProperty("--nkb-kind-color", KINDS[kind].color);
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = hidden.indexOf(kind) < 0;
      box.value = kind;
      function apply() {
        cy.nodes("[kind = '" + kind + "']").style("display", box.checked ? "element" : "none");
      }
      box.addEventListener("change", apply);
      apply();
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + KINDS[kind].label + " (" + counts[kind] + ")"));
      bar.appendChild(label);
    });
    var listId = "nkb-graph-names-" + Math.random().toString(36).slice(2);
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Find a node…";
    search.className = "nkb-graph__search";
    search.setAttribute("list", listId);
    search.setAttribute("aria-label", "Find a node in the graph");
    var list = document.createElement("datalist");
    list.id = listId;
    data.nodes.forEach(function (n) {
      var option = document.createElement("option");
      option.value = n.label;
      list.appendChild(option);
    });
    function find() {
      var text = search.value.trim().toLowerCase();
      cy.nodes().removeClass("match");
      if (!text) return;
      var hits = cy.nodes().filter(function (node) {
        return node.data("label").toLowerCase().indexOf(text) >= 0 ||
          node.data("title").toLowerCase().indexOf(text) >= 0;
      });
      if (!hits.length) return;
      hits.style("display", "element");  // a match of a hidden kind is shown all the same
      hits.addClass("match");
      cy.animate({ fit: { eles: hits.closedNeighborhood(), padding: 60 } }, { duration: 300 });
    }
    search.addEventListener("change", find);
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(); });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button nkb-graph__reset";
    reset.textContent = "Fit";
    reset.addEventListener("click", function () { search.value = ""; cy.nodes().removeClass("match"); cy.fit(cy.nodes(":visible"), 20); });
    bar.appendChild(search);
    bar.appendChild(list);
    bar.appendChild(reset);
    container.parentNode.insertBefore(bar, container);
  }

  function mount(container) {
    if (container.dataset.nkbMounted || typeof cytoscape === "undefined") return null;
    var data = readData(container);
    if (!data) return null;
    container.dataset.nkbMounted = "1";
    var base = siteBase();
    var cy = cytoscape({
      container: container,
      elements: elements(data),
      layout: { name: "preset", fit: true, padding: 20 },
      style: style(container),
      minZoom: 0.05,
      maxZoom: 5,
      boxSelectionEnabled: false,
      autoungrabify: true
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) window.location.href = new URL(url, base).href;
    });
    cy.on("mouseover", "node", function (event) {
      var near = event.target.closedNeighborhood();
      cy.elements().not(near).addClass("faded");
      event.target.addClass("hover");
      container.title = event.target.data("title") || event.target.data("label");
      container.style.cursor = event.target.data("url") ? "pointer" : "default";
    });
    cy.on("mouseout", "node", function (event) {
      cy.elements().removeClass("faded");
      event.target.removeClass("hover");
      container.title = "";
      container.style.cursor = "";
    });
    if (container.dataset.controls === "true") controls(container, cy, data);
    cy.fit(cy.nodes(":visible"), 20);
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }
    window.NeuroKB.graphs.push(cy);
    return cy;
  }

  window.NeuroKB = window.NeuroKB || {};
  window.NeuroKB.graphs = window.NeuroKB.graphs || [];
  function init() {
    document.querySelectorAll(".nkb-graph").forEach(mount);
  }
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else init();
})();
