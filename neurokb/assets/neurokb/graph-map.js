/* neurokb: the graph overview — a map of the topics that unfolds into papers.
 *
 * The element with class "nkb-map" names, in data-source, a global set by a script file
 * (graph-map-data.js, written by neurokb/site/topic_map.py). At first only the topics are drawn,
 * at positions computed at build time, sized by their papers and coloured by branch. Tapping a
 * topic (or zooming in far enough on it) adds its papers around it; authors and algorithms are
 * added when their kind is ticked. Filters: one topic (and its subtopics), a year range, node
 * kinds. "Find a node" shows and highlights what matches, and says so when nothing does.
 *
 * The drawing stays small (hundreds of nodes) at any size of knowledge base, because papers,
 * authors and algorithms become nodes only when asked for. All text from entries goes into the
 * page through textContent or Cytoscape labels, never as HTML.
 *
 * window.NeuroKB.map is the running view (the browser tests use it).
 */
(function () {
  "use strict";

  var BRANCH_COLORS = [
    "#e8710a", "#8e24aa", "#00897b", "#6d4c41", "#f4511e", "#5e35b1", "#039be5", "#d81b60",
    "#7cb342", "#fb8c00", "#546e7a", "#ad1457", "#00acc1", "#c0ca33", "#8d6e63", "#f9a825"
  ];
  var GOLDEN = 2.39996;
  var AUTO_LIMIT = 1500;  // zooming in adds papers of the topics in view up to this many nodes
  var LOD = 2.2;
  var PER_TOPIC = 60;  // an open topic shows at most this many papers, the most cited first  // ... once zoomed in this many times closer than the whole map

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function TopicMap(container, data) {
    var kit = window.NeuroKB.graphKit;
    var self = this;
    this.container = container;
    this.data = data;
    this.kit = kit;
    this.base = kit.siteBase();
    var T = data.topics, P = data.papers;
    this.papersOf = T.map(function () { return []; });
    this.childrenOf = T.map(function () { return []; });
    this.algorithmsOf = P.map(function () { return []; });
    this.papersBy = data.authors.map(function () { return []; });
    var lo = Infinity, hi = -Infinity;
    P.forEach(function (p, i) {
      p[4].forEach(function (t) { self.papersOf[t].push(i); });
      p[6].forEach(function (a) { self.papersBy[a].push(i); });
      lo = Math.min(lo, p[3]);
      hi = Math.max(hi, p[3]);
    });
    // A topic shows its most cited papers first (PER_TOPIC of them): a disc of 400 papers
    // around one topic would cover its neighbours.
    var citedBy = P.map(function () { return 0; });
    P.forEach(function (p) { p[5].forEach(function (c) { citedBy[c] += 1; }); });
    this.papersOf.forEach(function (list) {
      list.sort(function (a, b) { return citedBy[b] - citedBy[a] || P[b][3] - P[a][3] || a - b; });
    });
    T.forEach(function (t, i) { t[4].forEach(function (parent) { self.childrenOf[parent].push(i); }); });
    data.algorithms.forEach(function (g, i) { g[2].forEach(function (p) { self.algorithmsOf[p].push(i); }); });
    this.years = [isFinite(lo) ? lo : 0, isFinite(hi) ? hi : 0];
    this.state = {
      open: {},       // topic index -> true: expanded by a tap or the topic filter
      auto: {},       // topic index -> true: expanded because the view zoomed in on it
      closed: {},     // topic index -> true: collapsed by a tap while zoomed in
      pinned: {},     // node id -> {kind, index}: shown because "Find a node" found it
      kinds: { paper: true, author: false, algorithm: false },
      from: this.years[0],
      to: this.years[1],
      topic: -1
    };
    this.slots = {};
    this.portrait = container.clientHeight > container.clientWidth;
    this.cy = cytoscape({
      container: container,
      elements: [],
      style: kit.style(container),
      minZoom: 0.02,
      maxZoom: 8,
      boxSelectionEnabled: false,
      autoungrabify: true
    });
    this.topicPos = {};
    this.controls();
    this.cy.scratch("nkbLabelScale", container.clientWidth < 600 ? 0.8 : 1);
    this.sync();
    this.fit();
    kit.legend(container, ["topic", "paper", "author", "algorithm"], Object.keys(kit.EDGES));
    kit.settle(this.cy, function () {
      self.spread();
      kit.watchLabels(self.cy);
      self.fitZoom = self.cy.zoom();
      self.events();
      window.NeuroKB.map = self;
      window.NeuroKB.graphs.push(self.cy);
    });
  }

  /* A build-time position on screen. The layout is wide, for a laptop; in a box taller than
   * wide (a phone held upright) it is turned a quarter, so it fills the box at twice the
   * size instead of a strip across the middle. */
  TopicMap.prototype.place = function (x, y) {
    return this.portrait ? { x: -y, y: -x } : { x: x, y: -y };
  };

  TopicMap.prototype.url = function (kind, id) {
    var pattern = this.data.urls[kind];
    return pattern ? pattern[0] + id + pattern[1] : null;
  };

  TopicMap.prototype.topicId = function (i) { return "topic:" + this.data.topics[i][0]; };
  TopicMap.prototype.paperId = function (i) { return "paper:" + this.data.papers[i][0]; };
  TopicMap.prototype.authorId = function (i) { return "author:" + this.data.authors[i][0]; };
  TopicMap.prototype.algorithmId = function (i) { return "algorithm:" + this.data.algorithms[i][0]; };

  /* The topics in view: all, or the chosen one with its subtopics (and its parents, for
   * context). */
  TopicMap.prototype.wantedTopics = function () {
    var T = this.data.topics, self = this, out = {};
    if (this.state.topic < 0) { T.forEach(function (_, i) { out[i] = true; }); return out; }
    var stack = [this.state.topic];
    while (stack.length) {
      var t = stack.pop();
      if (out[t]) continue;
      out[t] = true;
      stack = stack.concat(self.childrenOf[t]);
    }
    T[this.state.topic][4].forEach(function (p) { out[p] = true; });
    return out;
  };

  TopicMap.prototype.isOpen = function (t) {
    return (this.state.open[t] || this.state.auto[t]) && !this.state.closed[t];
  };

  /* Make the drawing match the state: add and remove nodes and edges, keep the rest where
   * they are. */
  TopicMap.prototype.sync = function () {
    var self = this, st = this.state, data = this.data, cy = this.cy;
    var T = data.topics, P = data.papers;
    var want = {};
    var topics = this.wantedTopics();
    Object.keys(topics).forEach(function (t) {
      t = +t;
      want[self.topicId(t)] = { kind: "topic", index: t };
    });
    var papers = {};
    if (st.kinds.paper) {
      Object.keys(topics).forEach(function (t) {
        if (!self.isOpen(+t)) return;
        var taken = 0;
        self.papersOf[+t].forEach(function (p) {
          if (taken < PER_TOPIC && P[p][3] >= st.from && P[p][3] <= st.to) { papers[p] = true; taken += 1; }
        });
      });
    }
    Object.keys(st.pinned).forEach(function (id) {
      if (st.pinned[id].kind === "paper") papers[st.pinned[id].index] = true;
    });
    Object.keys(papers).forEach(function (p) { want[self.paperId(+p)] = { kind: "paper", index: +p }; });
    var authors = {};
    Object.keys(st.pinned).forEach(function (id) {
      if (st.pinned[id].kind === "author") authors[st.pinned[id].index] = true;
    });
    if (st.kinds.author) {
      Object.keys(papers).forEach(function (p) { P[+p][6].forEach(function (a) { authors[a] = true; }); });
    }
    Object.keys(authors).forEach(function (a) { want[self.authorId(+a)] = { kind: "author", index: +a }; });
    data.algorithms.forEach(function (g, i) {
      if (st.kinds.algorithm || st.pinned[self.algorithmId(i)]) want[self.algorithmId(i)] = { kind: "algorithm", index: i };
    });
    cy.batch(function () {
      cy.nodes().forEach(function (node) { if (!want[node.id()]) node.remove(); });
      var added = [];
      // Topics and algorithms first: papers are placed around topics, authors around papers.
      ["topic", "algorithm", "paper", "author"].forEach(function (kind) {
        Object.keys(want).forEach(function (id) {
          var item = want[id];
          if (item.kind !== kind || cy.getElementById(id).length) return;
          added.push(cy.add(self.node(id, item)));
        });
      });
      self.edges(want);
      cy.nodes("[kind = 'topic']").forEach(function (node) {
        node.toggleClass("open", !!self.isOpen(node.data("index")) && st.kinds.paper);
      });
      cy.nodes().removeClass("match");
      Object.keys(st.pinned).forEach(function (id) { cy.getElementById(id).addClass("match"); });
    });
  };

  TopicMap.prototype.node = function (id, item) {
    var d = this.data, i = item.index, kind = item.kind, pos, data;
    if (kind === "topic") {
      var t = d.topics[i];
      data = { label: t[1], size: t[8], rank: 1e6 + t[2], papers: t[2],
        color: BRANCH_COLORS[t[3] % BRANCH_COLORS.length], branch: d.branches[t[3]], url: this.url("topic", t[0]) };
      pos = this.topicPos[i] || this.place(t[6], t[7]);
    } else if (kind === "algorithm") {
      var g = d.algorithms[i];
      data = { label: g[1], size: 22, rank: 5e5, url: this.url("algorithm", g[0]) };
      pos = this.place(g[3], g[4]);
    } else if (kind === "paper") {
      var p = d.papers[i];
      data = { label: p[1], title: p[2], year: p[3], size: 9 + 2 * Math.sqrt(p[5].length + p[4].length), rank: p[5].length, url: this.url("paper", p[0]) };
      pos = this.around(this.anchorOfPaper(i), 16);
    } else {
      var a = d.authors[i];
      data = { label: a[1], size: 8, rank: -1, url: this.url("author", a[0]) };
      pos = this.around(this.anchorOfAuthor(i), 8);
    }
    data.id = id;
    data.kind = kind;
    data.index = i;
    data.title = data.title || "";
    return { group: "nodes", data: data, position: pos };
  };

  /* Where a new paper goes: around the first of its topics that is open (else any drawn). */
  TopicMap.prototype.anchorOfPaper = function (i) {
    var topics = this.data.papers[i][4], cy = this.cy, self = this;
    var drawn = topics.filter(function (t) { return cy.getElementById(self.topicId(t)).length; });
    var open = drawn.filter(function (t) { return self.isOpen(t); });
    var t = open.length ? open[0] : drawn.length ? drawn[0] : topics[0];
    var node = t === undefined ? null : cy.getElementById(this.topicId(t));
    return node && node.length ? { key: "t" + t, pos: node.position(), gap: node.data("size") / 2 + 14 } : { key: "c", pos: { x: 0, y: 0 }, gap: 0 };
  };

  TopicMap.prototype.anchorOfAuthor = function (i) {
    var cy = this.cy, self = this;
    var paper = this.papersBy[i].map(function (p) { return cy.getElementById(self.paperId(p)); })
      .filter(function (n) { return n.length; })[0];
    return paper ? { key: paper.id(), pos: paper.position(), gap: 10 } : { key: "c", pos: { x: 0, y: 0 }, gap: 0 };
  };

  /* The next spot on a sunflower spiral around an anchor (golden-angle steps). */
  TopicMap.prototype.around = function (anchor, step) {
    var slot = this.slots[anchor.key] || 0;
    this.slots[anchor.key] = slot + 1;
    var r = anchor.gap + step * Math.sqrt(slot + 0.5);
    return { x: anchor.pos.x + r * Math.cos(GOLDEN * slot), y: anchor.pos.y + r * Math.sin(GOLDEN * slot) };
  };

  TopicMap.prototype.edges = function (want) {
    var self = this, d = this.data, cy = this.cy, edges = {};
    function add(kind, s, t) {
      if (!want[s] || !want[t]) return;
      var id = kind + ">" + s + ">" + t;
      edges[id] = { group: "edges", data: { id: id, source: s, target: t, kind: kind } };
    }
    Object.keys(want).forEach(function (id) {
      var item = want[id], i = item.index;
      if (item.kind === "topic") {
        d.topics[i][4].forEach(function (p) { add("subtopic-of", id, self.topicId(p)); });
        d.topics[i][5].forEach(function (r) {
          if (r > i || d.topics[r][5].indexOf(i) < 0) add("related", id, self.topicId(r));
        });
      } else if (item.kind === "paper") {
        var p = d.papers[i];
        p[4].forEach(function (t) { add("about", id, self.topicId(t)); });
        p[5].forEach(function (c) { add("cites", id, self.paperId(c)); });
        p[6].forEach(function (a) { add("authored-by", id, self.authorId(a)); });
      } else if (item.kind === "algorithm") {
        d.algorithms[i][2].forEach(function (p) { add("implements", id, self.paperId(p)); });
      }
    });
    cy.edges().forEach(function (edge) { if (!edges[edge.id()]) edge.remove(); });
    Object.keys(edges).forEach(function (id) { if (!cy.getElementById(id).length) cy.add(edges[id]); });
  };

  /* Spread the topics so that no label overlaps (graph.js spread()), and remember where, so
   * a topic filtered out and back comes back to the same spot. */
  TopicMap.prototype.spread = function () {
    var self = this, topics = this.cy.nodes("[kind = 'topic']");
    this.kit.spread(this.cy, topics);
    topics.forEach(function (node) {
      self.topicPos[node.data("index")] = { x: node.position("x"), y: node.position("y") };
    });
  };

  TopicMap.prototype.fit = function (eles) {
    var cy = this.cy;
    cy.fit(eles && eles.length ? eles : cy.nodes(), 24);
    if (cy.zoom() > 2) { cy.zoom(2); cy.center(eles && eles.length ? eles : undefined); }
  };

  TopicMap.prototype.say = function (text, link) {
    var status = this.status;
    status.textContent = text;
    if (link) {
      status.appendChild(document.createTextNode(" "));
      var a = el("a", "", link.text);
      a.href = link.href;
      status.appendChild(a);
    }
  };

  TopicMap.prototype.toggle = function (t) {
    var st = this.state;
    if (this.isOpen(t)) {
      delete st.open[t];
      if (st.auto[t]) st.closed[t] = true;
    } else {
      st.open[t] = true;
      delete st.closed[t];
    }
    this.sync();
    var topic = this.data.topics[t];
    if (this.isOpen(t)) {
      var node = this.cy.getElementById(this.topicId(t));
      this.cy.animate({ fit: { eles: node.union(node.neighborhood("node[kind = 'paper']")), padding: 40 } }, { duration: 250 });
    }
    var shown = this.cy.nodes("[kind = 'paper']").filter(function (n) {
      return n.edgesWith("#" + CSS.escape("topic:" + topic[0])).length;
    }).length;
    this.say(topic[1] + ": " + (this.isOpen(t) ? shown + " of " + topic[2] + " papers shown" +
      (topic[2] > PER_TOPIC ? " (the most cited; all are on its page)." : ".") : "papers hidden."),
      { text: "Open the topic page", href: new URL(this.url("topic", topic[0]), this.base).href });
  };

  /* Level of detail: zoomed in well past the whole map, the topics in view open by
   * themselves (up to AUTO_LIMIT nodes); zoomed out again, they close. */
  TopicMap.prototype.detail = function () {
    var st = this.state, cy = this.cy, self = this, changed = false;
    var deep = cy.zoom() >= this.fitZoom * LOD;
    if (!deep) {
      if (Object.keys(st.auto).length) { st.auto = {}; st.closed = {}; changed = true; }
    } else if (st.kinds.paper && Date.now() - (this.touched || 0) < 1500) {
      // The topics the reader zoomed towards, not all in sight: half the view, centred on
      // the pointer of the last wheel or pinch (the middle of the view without one).
      var e = cy.extent(), mx = e.w / 4, my = e.h / 4, pan = cy.pan(), zoom = cy.zoom();
      var cx = (e.x1 + e.x2) / 2, cyy = (e.y1 + e.y2) / 2;
      if (this.focus) { cx = (this.focus.x - pan.x) / zoom; cyy = (this.focus.y - pan.y) / zoom; }
      var view = { x1: cx - mx, x2: cx + mx, y1: cyy - my, y2: cyy + my }, count = cy.nodes().length;
      cy.nodes("[kind = 'topic']").forEach(function (node) {
        var t = node.data("index"), p = node.position();
        if (st.auto[t] || st.open[t] || st.closed[t]) return;
        if (p.x < view.x1 || p.x > view.x2 || p.y < view.y1 || p.y > view.y2) return;
        var adds = Math.min(self.papersOf[t].length, PER_TOPIC);
        if (count + adds > AUTO_LIMIT) return;
        st.auto[t] = true;
        count += adds;
        changed = true;
      });
    }
    if (changed) this.sync();
  };

  TopicMap.prototype.find = function (text) {
    var st = this.state, d = this.data, self = this;
    var q = text.trim().toLowerCase();
    st.pinned = {};
    if (!q) { this.sync(); this.say(""); return; }
    var hits = [];
    function test(value) { return value.toLowerCase().indexOf(q) >= 0; }
    function hit(kind, id, index) { hits.push({ id: id, kind: kind, index: index }); }
    d.topics.forEach(function (t, i) { if (test(t[1]) || t[0] === q) hit("topic", self.topicId(i), i); });
    d.algorithms.forEach(function (g, i) { if (test(g[1]) || g[0] === q) hit("algorithm", self.algorithmId(i), i); });
    d.papers.forEach(function (p, i) { if (p[0] === q || test(p[1]) || test(p[2])) hit("paper", self.paperId(i), i); });
    d.authors.forEach(function (a, i) { if (test(a[1])) hit("author", self.authorId(i), i); });
    if (!hits.length) {
      this.sync();
      this.say("No node matches \u201c" + text.trim() + "\u201d.");
      return;
    }
    var shown = hits.slice(0, 200);
    if (st.topic >= 0) this.setTopic(-1);
    shown.forEach(function (h) { if (h.kind !== "topic") st.pinned[h.id] = h; });
    this.sync();
    var found = this.cy.collection();
    shown.forEach(function (h) { found = found.union(self.cy.getElementById(h.id)); });
    found.addClass("match");
    this.fit(found.closedNeighborhood("node"));
    this.say(hits.length === 1 ? "1 node matches." : hits.length + " nodes match" +
      (hits.length > shown.length ? " (the first " + shown.length + " are shown)." : "."));
  };

  TopicMap.prototype.setTopic = function (t) {
    var st = this.state;
    st.topic = t;
    st.open = {};
    st.auto = {};
    st.closed = {};
    if (t >= 0) {
      var topics = this.wantedTopics();
      Object.keys(topics).forEach(function (x) { st.open[+x] = true; });
      this.data.topics[t][4].forEach(function (p) { delete st.open[p]; });
    }
  };

  TopicMap.prototype.controls = function () {
    var self = this, st = this.state, d = this.data;
    var bar = el("div", "nkb-graph__controls");
    var kinds = [["paper", "Papers"], ["author", "Authors"], ["algorithm", "Algorithms"]];
    var counts = { paper: d.papers.length, author: d.authors.length, algorithm: d.algorithms.length };
    kinds.forEach(function (k) {
      var label = el("label", "nkb-graph__kind");
      label.style.setProperty("--nkb-kind-color", self.kit.KINDS[k[0]].color);
      var box = el("input");
      box.type = "checkbox";
      box.checked = st.kinds[k[0]];
      box.addEventListener("change", function () { st.kinds[k[0]] = box.checked; self.sync(); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + k[1] + " (" + counts[k[0]] + ")"));
      bar.appendChild(label);
    });
    var topic = el("select", "nkb-graph__topic");
    topic.setAttribute("aria-label", "Show one topic and its subtopics");
    topic.appendChild(el("option", "", "All topics")).value = "-1";
    d.topics.map(function (t, i) { return [t[1], i]; })
      .sort(function (a, b) { return a[0].localeCompare(b[0]); })
      .forEach(function (t) { topic.appendChild(el("option", "", t[0])).value = String(t[1]); });
    topic.addEventListener("change", function () {
      self.setTopic(+topic.value);
      self.sync();
      self.fit(st.topic >= 0 ? self.cy.nodes() : null);
      self.fitZoom = st.topic >= 0 ? self.fitZoom : self.cy.zoom();
    });
    bar.appendChild(topic);
    var years = el("span", "nkb-graph__years");
    years.appendChild(el("span", "", "Years"));
    function yearBox(name, value) {
      var box = el("input", "nkb-graph__year");
      box.type = "number";
      box.min = String(self.years[0]);
      box.max = String(self.years[1]);
      box.value = String(value);
      box.setAttribute("aria-label", name);
      box.addEventListener("change", function () {
        var from = parseInt(self.fromBox.value, 10), to = parseInt(self.toBox.value, 10);
        st.from = isNaN(from) ? self.years[0] : from;
        st.to = isNaN(to) ? self.years[1] : to;
        self.sync();
      });
      years.appendChild(box);
      return box;
    }
    this.fromBox = yearBox("From year", st.from);
    years.appendChild(el("span", "", "–"));
    this.toBox = yearBox("To year", st.to);
    bar.appendChild(years);
    var search = el("input", "nkb-graph__search");
    search.type = "search";
    search.placeholder = "Find a node…";
    search.setAttribute("aria-label", "Find a node in the graph");
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") self.find(search.value); });
    search.addEventListener("change", function () { self.find(search.value); });
    bar.appendChild(search);
    var reset = el("button", "md-button nkb-graph__reset", "Reset");
    reset.type = "button";
    reset.addEventListener("click", function () {
      search.value = "";
      topic.value = "-1";
      st.pinned = {};
      self.setTopic(-1);
      self.sync();
      self.fit();
      self.say("");
    });
    bar.appendChild(reset);
    this.container.parentNode.insertBefore(bar, this.container);
    this.status = el("p", "nkb-graph__status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.container.parentNode.insertBefore(this.status, this.container);
  };

  TopicMap.prototype.events = function () {
    var self = this, cy = this.cy, container = this.container;
    cy.on("tap", "node", function (event) {
      var node = event.target;
      if (node.data("kind") === "topic") { self.toggle(node.data("index")); return; }
      if (node.data("url")) window.location.href = new URL(node.data("url"), self.base).href;
    });
    cy.on("dbltap", "node[kind = 'topic']", function (event) {
      window.location.href = new URL(event.target.data("url"), self.base).href;
    });
    cy.on("mouseover", "node", function (event) {
      var node = event.target;
      cy.elements().not(node.closedNeighborhood()).addClass("faded");
      node.addClass("hover");
      container.title = node.data("title") || node.data("label");
      container.style.cursor = "pointer";
    });
    cy.on("mouseout", "node", function (event) {
      cy.elements().removeClass("faded");
      event.target.removeClass("hover");
      container.title = "";
      container.style.cursor = "";
    });
    // Only a zoom by the reader (wheel, pinch) opens topics by itself, not the glide to a
    // tapped topic or a search result.
    function touched(event) {
      self.touched = Date.now();
      var at = event.touches && event.touches.length ? event.touches[0] : event;
      var box = container.getBoundingClientRect();
      if (at && typeof at.clientX === "number") {
        self.focus = { x: at.clientX - box.left, y: at.clientY - box.top };
      }
    }
    container.addEventListener("wheel", touched, { passive: true });
    container.addEventListener("touchmove", touched, { passive: true });
    var timer = null;
    cy.on("viewport", function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () { timer = null; self.detail(); }, 200);
    });
  };

  function mount(container) {
    if (container.dataset.nkbMounted || typeof cytoscape === "undefined" || !window.NeuroKB.graphKit) return;
    var data = window[container.dataset.source];
    if (!data) return;
    container.dataset.nkbMounted = "1";
    new TopicMap(container, data);  // registers itself in NeuroKB.map once drawn
  }

  window.NeuroKB = window.NeuroKB || {};
  window.NeuroKB.graphs = window.NeuroKB.graphs || [];
  function init() { document.querySelectorAll(".nkb-map").forEach(mount); }
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else init();
})();
