/* neurokb: typeset the math that pymdownx.arithmatex (generic mode) leaves in the page.
 *
 * Arithmatex wraps inline math as <span class="arithmatex">\(...\)</span> and display math as
 * <div class="arithmatex">\[...\]</div>; entry text (neurokb/safemarkdown.py) gets display
 * math as <span class="arithmatex nkb-display">\[...\]</span>. Only those elements are
 * typeset (with the vendored KaTeX), so a dollar sign elsewhere in a page is never mistaken
 * for math. A formula KaTeX cannot parse is shown in red with the error as its tooltip instead
 * of breaking the page.
 */
(function () {
  "use strict";

  function typeset(root) {
    if (typeof katex === "undefined") return;
    root.querySelectorAll(".arithmatex").forEach(function (el) {
      if (el.dataset.nkbTypeset) return;
      var display = el.tagName !== "SPAN" || el.classList.contains("nkb-display");
      var tex = el.textContent.trim().replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
      katex.render(tex, el, { displayMode: display, throwOnError: false, strict: "ignore" });
      el.dataset.nkbTypeset = "1";
    });
  }

  window.NeuroKB = window.NeuroKB || {};
  window.NeuroKB.typeset = typeset;
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { typeset(document.body); });
  } else {
    typeset(document.body);
  }
})();
