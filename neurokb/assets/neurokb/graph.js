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

  // Edges by kind: each kind is drawn its own way, and legend() says which is which.
  var EDGES = {
    "subtopic-of": { label: "subtopic of", css: "3px solid #e8710a", style: { "line-color": "#e8710a", width: 3, opacity: 0.6 } },
    related: { label: "related topic", css: "2px dashed #a1887f", style: { "line-color": "#a1887f", "line-style": "dashed", width: 1, opacity: 0.3 } },
    about: { label: "paper is about topic", css: "1px solid #9fa8da", style: { "line-color": "#9fa8da", width: 1, opacity: 0.35 } },
    cites: { label: "cites", css: "2px solid #3f51b5", style: { "line-color": "#3f51b5", width: 1.5, opacity: 0.6, "curve-style": "straight", "target-arrow-shape": "triangle", "target-arrow-color": "#3f51b5", "arrow-scale": 0.6 } },
    "authored-by": { label: "written by", css: "2px dotted #2e7d32", style: { "line-color": "#2e7d32", "line-style": "dotted", width: 1, opacity: 0.5 } },
    implements: { label: "implements", css: "2px solid #c2185b", style: { "line-color": "#c2185b", width: 2, opacity: 0.7 } }
  };

  /* A legend under a graph: the node kinds and edge kinds it can show (all text via
   * textContent). */
  function legend(container, kinds, edgeKinds) {
    var box = document.createElement("div");
    box.className = "nkb-graph__legend";
    box.setAttribute("aria-label", "Legend");
    kinds.forEach(function (kind) {
      var item = document.createElement("span");
      item.className = "nkb-graph__legend-node nkb-graph__legend-node--" + KINDS[kind].shape;
      item.style.setProperty("--nkb-kind-color", KINDS[kind].color);
      item.textContent = KINDS[kind].label;
      box.appendChild(item);
    });
    edgeKinds.forEach(function (kind) {
      var item = document.createElement("span");
      item.className = "nkb-graph__legend-edge";
      item.style.setProperty("--nkb-edge", EDGES[kind].css);
      item.textContent = EDGES[kind].label;
      box.appendChild(item);
    });
    container.parentNode.insertBefore(box, container.nextSibling);
    return box;
  }

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
        style: Object.assign({
          width: "data(size)", height: "data(size)", "border-width": 1, "border-color": bg,
          label: "data(label)", color: fg, "text-valign": "bottom",
          "text-outline-color": bg, "text-wrap": "ellipsis"
        }, labelSize(11, 140))
      },
      { selector: "node.nolabel", style: { label: "" } },
      {
        selector: "edge",
        style: { width: 1, "line-color": "#9e9e9e", opacity: 0.35, "curve-style": "haystack" }
      },
    ];
    Object.keys(EDGES).forEach(function (kind) {
      rules.push({ selector: "edge[kind = '" + kind + "']", style: EDGES[kind].style });
    });
    rules = rules.concat([
      { selector: "node.focus", style: { "border-width": 4, "border-color": fg } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#ffd600", "z-index": 10 } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: "node.hover", style: Object.assign({ label: "data(label)", "z-index": 20 }, labelSize(13, 300)) }
    ]);
    Object.keys(KINDS).forEach(function (kind) {
      rules.push({
        selector: "node[kind = '" + kind + "']",
        style: { "background-color": KINDS[kind].color, shape: KINDS[kind].shape }
      });
    });
    rules.push({ selector: "node[color]", style: { "background-color": "data(color)" } });
    rules.push({ selector: "node[kind = 'topic'], node[kind = 'algorithm']", style: Object.assign({ "font-weight": "bold", "text-wrap": "wrap" }, labelSize(12, 130)) });
    rules.push({ selector: "node.open", style: { "border-width": 3, "border-color": fg, "border-style": "double" } });
    rules.push({ selector: "node.hover", style: labelSize(13, 300) });
    return rules;
  }

  /* Labels keep one size on screen whatever the zoom (a zoomed-out map stays readable, a
   * zoomed-in one makes room between nodes), and a label that would overlap a label already
   * placed is hidden: placeLabels() visits nodes by rank (data "rank", then degree) and keeps
   * a label only when its box is free, so two labels never overlap. Hidden labels show on
   * hover. Sizes are style functions of the zoom, refreshed after each zoom. */
  function labelSize(px, width) {
    function z(ele) { return ele.cy().zoom() / (ele.cy().scratch("nkbLabelScale") || 1); }
    return {
      "font-size": function (ele) { return px / z(ele); },
      "text-max-width": function (ele) { return width / z(ele); },
      "text-margin-y": function (ele) { return 3 / z(ele); },
      "text-outline-width": function (ele) { return 2 / z(ele); }
    };
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  function placeLabels(cy) {
    cy.style().update();  // font sizes follow the zoom
    var nodes = cy.nodes(":visible");
    nodes.removeClass("nolabel");
    var ranked = nodes.toArray().sort(function (a, b) {
      return (b.data("rank") || 0) - (a.data("rank") || 0) || b.degree() - a.degree() ||
        (a.id() < b.id() ? -1 : 1);
    });
    var view = cy.extent();
    // The shapes of topics and algorithms are obstacles too: a label never covers one.
    var bodies = nodes.filter("[kind = 'topic'], [kind = 'algorithm']").map(function (node) {
      return { box: node.boundingBox({ includeLabels: false, includeEdges: false, includeOverlays: false }), id: node.id() };
    });
    var placed = [];
    var hide = [];
    ranked.forEach(function (node) {
      if (!node.data("label")) return;
      var box = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
      if (box.w === 0 || !overlaps(box, view)) { hide.push(node); return; }
      for (var i = 0; i < placed.length; i++) {
        if (overlaps(box, placed[i])) { hide.push(node); return; }
      }
      for (var j = 0; j < bodies.length; j++) {
        if (bodies[j].id !== node.id() && overlaps(box, bodies[j].box)) { hide.push(node); return; }
      }
      placed.push(box);
    });
    cy.collection(hide).addClass("nolabel");
  }

  /* Move ``nodes`` apart, on screen, until no node's label and shape overlaps another's,
   * keeping each inside the box. Labels keep their size on screen whatever the zoom, so a
   * build-time layout cannot know how much room they take at the zoom that fits the graph
   * into its box; here it is known. In a box too small for all labels (a phone), this does
   * what it can, and placeLabels() hides the rest. */
  function spread(cy, nodes) {
    var pad = 4;
    cy.style().update();
    // A label keeps its size on screen; a shape scales with the zoom. Measure both once.
    var items = nodes.map(function (node) {
      var label = node.renderedBoundingBox({ includeNodes: false, includeLabels: true, includeEdges: false, includeOverlays: false });
      return { node: node, lw: label.w || 0, lh: label.h || 0, size: node.width() };
    });
    var zoom = cy.zoom();
    items.forEach(function (it) {
      var at = it.node.renderedPosition(), half = it.size * zoom / 2;
      it.x = at.x;
      it.y = at.y;
      it.dx1 = it.dx2 = Math.max(it.lw / 2, half) + pad;
      it.dy1 = half + pad;
      it.dy2 = half + (it.lh ? 3 + it.lh : 0) + pad;
    });
    relax(items, { x1: 0, y1: 0, x2: cy.width(), y2: cy.height() });
    items.forEach(function (it) { it.node.renderedPosition({ x: it.x, y: it.y }); });
  }

  /* Push overlapping boxes apart along the axis that needs the smaller move, for up to 300
   * rounds, keeping every box inside ``bounds``. Whether overlaps are left. */
  function relax(items, bounds) {
    var moved = true;
    for (var round = 0; round < 300 && moved; round++) {
      moved = false;
      for (var i = 0; i < items.length; i++) {
        for (var j = i + 1; j < items.length; j++) {
          var a = items[i], b = items[j];
          var ox = Math.min(a.x + a.dx2, b.x + b.dx2) - Math.max(a.x - a.dx1, b.x - b.dx1);
          var oy = Math.min(a.y + a.dy2, b.y + b.dy2) - Math.max(a.y - a.dy1, b.y - b.dy1);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          if (ox < oy) {
            var sx = (ox / 2 + 0.5) * (b.x >= a.x ? 1 : -1);
            a.x -= sx; b.x += sx;
          } else {
            var sy = (oy / 2 + 0.5) * (b.y >= a.y ? 1 : -1);
            a.y -= sy; b.y += sy;
          }
        }
      }
      items.forEach(function (it) {
        it.x = Math.min(Math.max(it.x, bounds.x1 + it.dx1), bounds.x2 - it.dx2);
        it.y = Math.min(Math.max(it.y, bounds.y1 + it.dy1), bounds.y2 - it.dy2);
      });
    }
    return moved;
  }

  /* Run ``then`` once the labels have been measured at the current zoom: Cytoscape measures
   * a label when it draws it, so sizes asked for before the first frame are those of zoom 1. */
  function settle(cy, then) {
    var done = false;
    function once() { if (!done) { done = true; then(); } }
    cy.style().update();
    cy.one("render", once);
    window.setTimeout(once, 500);  // no frame drawn (a hidden tab): measure all the same
  }

  function watchLabels(cy) {
    var pending = null;
    function later() {
      if (pending) window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(function () { pending = null; placeLabels(cy); });
    }
    cy.on("viewport", later);
    cy.on("add remove", "node", later);
    placeLabels(cy);
    return later;
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
    settle(cy, function () {
      spread(cy, cy.nodes());
      watchLabels(cy);
      window.NeuroKB.graphs.push(cy);
    });
    var shown = function (field) {
      var seen = {};
      data[field].forEach(function (x) { seen[field === "nodes" ? x.kind : x.k] = 1; });
      return seen;
    };
    var nodeKinds = shown("nodes"), edgeKinds = shown("edges");
    legend(container, Object.keys(KINDS).filter(function (k) { return nodeKinds[k]; }),
      Object.keys(EDGES).filter(function (k) { return edgeKinds[k]; }));
    return cy;
  }

  window.NeuroKB = window.NeuroKB || {};
  window.NeuroKB.graphs = window.NeuroKB.graphs || [];
  // Shared with graph-map.js (the overview), which draws with the same style and labels.
  window.NeuroKB.graphKit = {
    KINDS: KINDS, EDGES: EDGES, style: style, watchLabels: watchLabels,
    placeLabels: placeLabels, spread: spread, settle: settle, legend: legend, siteBase: siteBase
  };
  function init() {
    document.querySelectorAll(".nkb-graph:not(.nkb-map)").forEach(mount);
  }
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else init();
})();
