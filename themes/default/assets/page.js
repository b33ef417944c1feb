// Cairn page behaviour, no dependencies: theme button, phone drawer, on-page TOC, scroll regions.
// Without it the page still reads in full (README "Theme").
(function () {
  "use strict";
  var root = document.documentElement, $ = document.querySelector.bind(document);

  // Theme: automatic → light → dark, remembered per browser (the head script applies it early).
  var theme = $(".theme-button"), choices = ["auto", "light", "dark"];
  function showTheme(choice) {
    var label = "Colour theme: " + (choice === "auto" ? "automatic" : choice);
    theme.dataset.choice = choice;
    theme.setAttribute("aria-label", label);
    theme.title = label;
  }
  if (theme) {
    showTheme(root.dataset.theme || "auto");
    theme.addEventListener("click", function () {
      var next = choices[(choices.indexOf(theme.dataset.choice) + 1) % 3];
      try { next === "auto" ? localStorage.removeItem("cairn-theme") : localStorage.setItem("cairn-theme", next); } catch (e) {}
      if (next === "auto") delete root.dataset.theme; else root.dataset.theme = next;
      showTheme(next);
    });
  }

  // Drawer: inert while closed; while open the page is inert; Escape or a tap outside closes it.
  var menu = $(".nav-button"), side = $("#sidebar"), main = $("#main"), shade;
  var narrow = matchMedia("(max-width: 800px)");
  function drawer(open, refocus) {
    open = open && narrow.matches;
    root.classList.toggle("nav-open", open);
    menu.setAttribute("aria-expanded", String(open));
    side.inert = narrow.matches && !open;
    if (main) main.inert = open;
    shade.hidden = !open;
    var first = side.querySelector("a[aria-current]") || side.querySelector("a");
    if (open && first) first.focus(); else if (!open && refocus) menu.focus();
  }
  if (menu && side) {
    shade = document.createElement("div");
    shade.className = "nav-backdrop";
    side.after(shade);
    shade.onclick = function () { drawer(false, true); };
    menu.onclick = function () { drawer(menu.getAttribute("aria-expanded") !== "true", true); };
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && shade.hidden === false) drawer(false, true); });
    side.addEventListener("click", function (e) { if (e.target.closest("a")) drawer(false); });
    narrow.addEventListener("change", function () { drawer(false); });
    drawer(false);
  }

  // TOC: open beside the page on wide screens, folded above it otherwise; the section in view
  // is marked (aria-current) as the reader scrolls.
  var toc = $(".toc"), fold = toc && toc.querySelector("details"), wide = matchMedia("(min-width: 1181px)");
  if (fold) {
    var place = function () { fold.open = wide.matches; }, current = null;
    place();
    wide.addEventListener("change", place);
    var links = [].slice.call(toc.querySelectorAll("a[href^='#']"));
    var heads = links.map(function (a) { return document.getElementById(decodeURIComponent(a.hash.slice(1))); });
    var mark = function () {
      var line = (parseFloat(getComputedStyle(root).scrollPaddingTop) || 0) + 8, at = -1;
      heads.forEach(function (h, i) { if (h && h.getBoundingClientRect().top <= line) at = i; });
      var link = links[at] || null;
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      if ((current = link)) {
        link.setAttribute("aria-current", "true");
        var box = toc.getBoundingClientRect(), r = link.getBoundingClientRect();
        if (r.top < box.top || r.bottom > box.bottom) toc.scrollTop += r.top - box.top - box.height / 3;
      }
    };
    if (window.IntersectionObserver) {
      var seen = new IntersectionObserver(mark, { rootMargin: "0px 0px -60% 0px", threshold: [0, 1] });
      heads.forEach(function (h) { if (h) seen.observe(h); });
    }
    mark();
    toc.addEventListener("click", function (e) { if (e.target.closest("a") && !wide.matches) fold.open = false; });
  }

  // Tables, diagrams and code wider than the page: focusable, named (landmark names must
  // differ), and faded at the edge that hides more.
  var names = new Map();
  [[".table-wrap", "Table"], [".diagram-scroll", "Diagram"], ["pre", "Code block"]].forEach(function (kind) {
    document.querySelectorAll(".content " + kind[0]).forEach(function (el, i) { names.set(el, kind[1] + " " + (i + 1) + ", scrolls sideways"); });
  });
  function update(el) {
    // Any overflow, even of one pixel, makes a scroll region keyboards must be able to reach.
    var scrolls = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
    var wider = el.scrollWidth > el.clientWidth + 1;
    if (scrolls !== el.hasAttribute("data-scroll-region")) {
      if (scrolls) {
        el.setAttribute("data-scroll-region", "");
        el.tabIndex = 0;
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", names.get(el));
      } else {
        ["data-scroll-region", "tabindex", "role", "aria-label"].forEach(function (a) { el.removeAttribute(a); });
      }
    }
    el.classList.toggle("scrolls-left", wider && el.scrollLeft > 1);
    el.classList.toggle("scrolls-right", wider && el.scrollLeft + el.clientWidth < el.scrollWidth - 1);
  }
  var sizes = window.ResizeObserver && new ResizeObserver(function (all) { all.forEach(function (e) { update(e.target); }); });
  names.forEach(function (name, el) {
    update(el);
    el.addEventListener("scroll", function () { update(el); }, { passive: true });
    if (sizes) sizes.observe(el);
  });
})();
