/* neurokb: the papers table — filter as you type, sort by any column, one page of rows at a time.
 *
 * The element with class "nkb-papers" names, in data-source, a global set by a script file
 * (papers-data.js, written by neurokb/site/paper_table.py). Filtering and sorting run on the
 * data, and only the rows of the current page (PAGE of them) become DOM nodes, so 10,000
 * papers answer each keystroke at once. Every cell is filled with textContent: entry text is
 * never parsed as HTML.
 *
 * window.NeuroKB.papersTable is the running table (the browser tests use it).
 */
(function () {
  "use strict";

  var PAGE = 100;
  var COLUMNS = [
    { label: "Year", cell: 1, numeric: true },
    { label: "Title", cell: 2 },
    { label: "Authors", cell: 3 },
    { label: "Venue", cell: 5 },
    { label: "Topics", cell: 6 }
  ];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function Table(container, data) {
    var self = this;
    this.data = data;
    this.base = siteBase();
    this.topicNames = data.topics.map(function (t) { return t[1]; });
    // What a filter word is looked for in: every column, all authors and the key.
    this.haystack = data.rows.map(function (r) {
      return [r[0], r[1], r[2], r[4], r[5]].concat(r[6].map(function (t) { return self.topicNames[t]; }))
        .join(" \u0001 ").toLowerCase();
    });
    this.sortKey = data.rows.map(function (r) {
      return [r[1], r[2].toLowerCase(), r[3].toLowerCase(), r[5].toLowerCase(),
        r[6].map(function (t) { return self.topicNames[t]; }).join(", ").toLowerCase()];
    });
    this.order = data.rows.map(function (_, i) { return i; });
    this.shown = this.order;
    this.sortColumn = 0;
    this.ascending = false;
    this.page = 0;
    this.build(container);
    this.render();
  }

  Table.prototype.build = function (container) {
    var self = this;
    var bar = el("div", "nkb-papers__bar");
    this.input = el("input", "nkb-papers__filter");
    this.input.type = "search";
    this.input.placeholder = "Filter papers…";
    this.input.setAttribute("aria-label", "Filter papers");
    var timer = null;
    this.input.addEventListener("input", function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () { self.filter(self.input.value); }, 60);
    });
    bar.appendChild(this.input);
    this.count = el("span", "nkb-papers__count");
    this.count.setAttribute("role", "status");
    bar.appendChild(this.count);
    container.appendChild(bar);
    var wrap = el("div", "nkb-papers__wrap");
    this.table = el("table", "nkb-papers__table");
    var head = this.table.createTHead().insertRow();
    this.heads = COLUMNS.map(function (col, index) {
      var th = el("th", "nkb-papers__col nkb-papers__col--" + col.label.toLowerCase());
      var button = el("button", "nkb-papers__sort", col.label);
      button.type = "button";
      button.title = "Sort by " + col.label.toLowerCase();
      button.addEventListener("click", function () { self.sortBy(index); });
      th.appendChild(button);
      head.appendChild(th);
      return th;
    });
    this.body = this.table.createTBody();
    wrap.appendChild(this.table);
    container.appendChild(wrap);
    var pager = el("div", "nkb-papers__pager");
    this.prev = el("button", "md-button", "← Previous");
    this.next = el("button", "md-button", "Next →");
    this.where = el("span", "nkb-papers__where");
    [this.prev, this.next].forEach(function (b) { b.type = "button"; });
    this.prev.addEventListener("click", function () { self.go(self.page - 1); });
    this.next.addEventListener("click", function () { self.go(self.page + 1); });
    pager.appendChild(this.prev);
    pager.appendChild(this.where);
    pager.appendChild(this.next);
    container.appendChild(pager);
  };

  /* Keep the rows that contain every word typed, in the current order. */
  Table.prototype.filter = function (text) {
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    var hay = this.haystack;
    this.shown = words.length ? this.order.filter(function (i) {
      for (var w = 0; w < words.length; w++) if (hay[i].indexOf(words[w]) < 0) return false;
      return true;
    }) : this.order;
    this.page = 0;
    this.render();
  };

  Table.prototype.sortBy = function (index) {
    this.ascending = this.sortColumn === index ? !this.ascending : index !== 0;
    this.sortColumn = index;
    var keys = this.sortKey, asc = this.ascending ? 1 : -1;
    this.order = this.order.slice().sort(function (a, b) {
      var x = keys[a][index], y = keys[b][index];
      var c = typeof x === "number" ? x - y : x < y ? -1 : x > y ? 1 : 0;
      return c * asc || a - b;
    });
    this.filter(this.input.value);
  };

  Table.prototype.go = function (page) {
    var last = Math.max(0, Math.ceil(this.shown.length / PAGE) - 1);
    this.page = Math.min(Math.max(page, 0), last);
    this.render();
  };

  Table.prototype.link = function (kind, id, text) {
    var pattern = this.data.urls[kind];
    var a = el("a", "", text);
    a.href = new URL(pattern[0] + id + pattern[1], this.base).href;
    return a;
  };

  Table.prototype.render = function () {
    var self = this, rows = this.data.rows, total = rows.length, n = this.shown.length;
    var start = this.page * PAGE, end = Math.min(start + PAGE, n);
    var body = el("tbody");
    for (var k = start; k < end; k++) {
      var r = rows[this.shown[k]];
      var tr = body.insertRow();
      tr.dataset.key = r[0];
      tr.appendChild(el("td", "nkb-papers__col--year", String(r[1])));
      var title = el("td", "nkb-papers__col--title");
      title.appendChild(this.link("paper", r[0], r[2]));
      tr.appendChild(title);
      var authors = el("td", "nkb-papers__col--authors", r[3]);
      authors.title = r[4];
      tr.appendChild(authors);
      tr.appendChild(el("td", "nkb-papers__col--venue", r[5]));
      var topics = el("td", "nkb-papers__col--topics");
      r[6].forEach(function (t, i) {
        if (i) topics.appendChild(document.createTextNode(", "));
        topics.appendChild(self.link("topic", self.data.topics[t][0], self.data.topics[t][1]));
      });
      tr.appendChild(topics);
    }
    this.table.replaceChild(body, this.body);
    this.body = body;
    this.heads.forEach(function (th, i) {
      if (i === self.sortColumn) th.setAttribute("aria-sort", self.ascending ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    this.count.textContent = n === total ? total + " papers" :
      n === 0 ? "No paper matches (of " + total + ")." : n + " of " + total + " papers match";
    var pages = Math.max(1, Math.ceil(n / PAGE));
    this.where.textContent = n ? (start + 1) + "–" + end + " of " + n + " · page " + (this.page + 1) + " of " + pages : "";
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= pages - 1;
    this.prev.parentNode.hidden = pages === 1;
  };

  function init() {
    document.querySelectorAll(".nkb-papers").forEach(function (container) {
      if (container.dataset.nkbMounted) return;
      var data = window[container.dataset.source];
      if (!data) return;
      container.dataset.nkbMounted = "1";
      window.NeuroKB = window.NeuroKB || {};
      window.NeuroKB.papersTable = new Table(container, data);
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else init();
})();
