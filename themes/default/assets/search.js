// Cairn search: plain JavaScript, no dependencies. Loads the index (a small manifest, then its
// chunks in parallel) the first time the search box is used, so pages stay light.
(function () {
  "use strict";
  var box = document.querySelector(".search");
  if (!box) return;
  var input = box.querySelector("input");
  var list = box.querySelector(".search-results");
  var root = box.getAttribute("data-root") || "./";
  var entries = [];
  var loading = null;
  var selected = -1;
  var timer = null;

  function load() {
    if (loading) return loading;
    loading = fetch(root + "search/manifest.json")
      .then(function (response) { return response.json(); })
      .then(function (manifest) {
        return Promise.all(manifest.chunks.map(function (chunk) {
          return fetch(root + chunk)
            .then(function (response) { return response.json(); })
            .then(function (items) {
              items.forEach(function (item) {
                item.lt = item.t.toLowerCase();
                item.lh = item.h.toLowerCase();
                item.lx = item.x.toLowerCase();
              });
              entries = entries.concat(items);
              if (input.value.trim()) search();
            });
        }));
      })
      .catch(function () { loading = null; });
    return loading;
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(function (term) { return term.length > 0; });
  }

  function score(item, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      var inTitle = item.lt.indexOf(word) >= 0, inHeading = item.lh.indexOf(word) >= 0, inText = item.lx.indexOf(word) >= 0;
      if (!inTitle && !inHeading && !inText) return 0;
      total += (inTitle ? 10 : 0) + (inHeading ? 6 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  // Appends `text` to `parent`, wrapping every occurrence of the search words in <mark>.
  function highlight(parent, text, words) {
    var lower = text.toLowerCase();
    var position = 0;
    while (position < text.length) {
      var next = -1, length = 0;
      words.forEach(function (word) {
        var at = lower.indexOf(word, position);
        if (at >= 0 && (next < 0 || at < next)) { next = at; length = word.length; }
      });
      if (next < 0) { parent.appendChild(document.createTextNode(text.slice(position))); return; }
      if (next > position) parent.appendChild(document.createTextNode(text.slice(position, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      parent.appendChild(mark);
      position = next + length;
    }
  }

  function snippet(item, words) {
    var at = -1;
    words.forEach(function (word) {
      var found = item.lx.indexOf(word);
      if (found >= 0 && (at < 0 || found < at)) at = found;
    });
    if (at < 0) return item.x.slice(0, 160);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + item.x.slice(start, start + 180) + (start + 180 < item.x.length ? "…" : "");
  }

  function render(results, words) {
    list.textContent = "";
    selected = -1;
    if (!words.length) { list.hidden = true; return; }
    if (!results.length) {
      var empty = document.createElement("li");
      empty.className = "search-empty";
      empty.textContent = entries.length ? "No results" : "Loading…";
      list.appendChild(empty);
    }
    results.forEach(function (result, index) {
      var item = result.item;
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "search-result-" + index;
      var link = document.createElement("a");
      link.href = root + item.u;
      var title = document.createElement("span");
      title.className = "search-title";
      highlight(title, item.h && item.h !== item.t ? item.t + " › " + item.h : item.t, words);
      var text = document.createElement("span");
      text.className = "search-snippet";
      highlight(text, snippet(item, words), words);
      link.appendChild(title);
      link.appendChild(text);
      li.appendChild(link);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  function search() {
    var words = terms(input.value);
    var results = [];
    if (words.length) {
      for (var i = 0; i < entries.length; i++) {
        var value = score(entries[i], words);
        if (value > 0) results.push({ item: entries[i], score: value });
      }
      results.sort(function (a, b) { return b.score - a.score; });
    }
    render(results.slice(0, 20), words);
  }

  function move(step) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (selected >= 0) options[selected].removeAttribute("aria-selected");
    selected = (selected + step + options.length) % options.length;
    options[selected].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[selected].id);
    options[selected].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    load();
    clearTimeout(timer);
    timer = setTimeout(search, 60);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Enter") {
      var options = list.querySelectorAll("[role=option] a");
      var target = options[selected >= 0 ? selected : 0];
      if (target) { event.preventDefault(); window.location.href = target.href; }
    } else if (event.key === "Escape") { input.value = ""; render([], []); input.blur(); }
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && !event.target.isContentEditable) {
      event.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) list.hidden = true;
  });
})();
