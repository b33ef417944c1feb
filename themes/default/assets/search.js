// Cairn search: plain JavaScript, no dependencies. The index is sharded: a query downloads the
// small manifest, the term shards for its words, then the section chunks of its best results.
(function () {
  "use strict";
  var box = document.querySelector(".search");
  if (!box) return;
  var input = box.querySelector("input");
  var list = box.querySelector(".search-results");
  var root = box.getAttribute("data-root") || "./";
  var manifest = null;
  var cache = {};
  var selected = -1;
  var timer = null;
  var generation = 0;

  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  function loadManifest() {
    if (!manifest) manifest = getJSON("search/manifest.json");
    return manifest;
  }

  // The same words the index holds: runs of letters and digits, lower-cased, 2+ characters.
  function terms(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (term) {
      return Array.from(term).length >= 2;
    });
  }

  // The shards that can hold words beginning with `term`: its two-character shard, or the
  // three-character one where the index split a large shard; for a two-character term, both kinds.
  function shardsFor(index, term) {
    var chars = Array.from(term);
    var two = chars.slice(0, 2).join(""), three = chars.slice(0, 3).join("");
    return Object.keys(index.terms).filter(function (key) {
      return chars.length >= 3 ? key === three || key === two : key.indexOf(two) === 0;
    }).map(function (key) { return index.terms[key]; });
  }

  // Section scores for one query word; the word matches index words it begins.
  function postings(index, term) {
    return Promise.all(shardsFor(index, term).map(getJSON)).then(function (shards) {
      var scores = {};
      shards.forEach(function (shard) { Object.keys(shard).forEach(function (word) {
        if (word.indexOf(term) !== 0) return;
        var exact = word === term;
        shard[word].forEach(function (posting) {
          var id = Math.floor(posting / 2), weight = (posting % 2 ? 6 : 1) * (exact ? 2 : 1);
          if (!scores[id] || scores[id] < weight) scores[id] = weight;
        });
      }); });
      return scores;
    });
  }

  function search() {
    var words = terms(input.value);
    var current = ++generation;
    if (!words.length) { render([], []); return; }
    loadManifest().then(function (index) {
      return Promise.all(words.map(function (word) { return postings(index, word); })).then(function (perWord) {
        var totals = {};
        Object.keys(perWord[0]).forEach(function (id) {
          var total = 0;
          for (var i = 0; i < perWord.length; i++) {
            if (!perWord[i][id]) return;
            total += perWord[i][id];
          }
          totals[id] = total;
        });
        var ids = Object.keys(totals).map(Number).sort(function (a, b) { return totals[b] - totals[a] || a - b; }).slice(0, 20);
        var chunks = {};
        ids.forEach(function (id) { chunks[Math.floor(id / index.sectionsPerChunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (chunk) {
          return getJSON(index.chunks[chunk]).then(function (sections) { return [Number(chunk), sections]; });
        })).then(function (loaded) {
          var byChunk = {};
          loaded.forEach(function (pair) { byChunk[pair[0]] = pair[1]; });
          var results = ids.map(function (id) {
            return byChunk[Math.floor(id / index.sectionsPerChunk)][id % index.sectionsPerChunk];
          });
          if (current === generation) render(results, words);
        });
      });
    }).catch(function () {
      if (current === generation) render(null, words);
    });
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

  function render(results, words) {
    list.textContent = "";
    selected = -1;
    input.setAttribute("aria-expanded", words.length ? "true" : "false");
    if (!words.length) { list.hidden = true; return; }
    if (!results || !results.length) {
      var empty = document.createElement("li");
      empty.className = "search-empty";
      empty.textContent = results ? "No results" : "Search is unavailable";
      list.appendChild(empty);
    } else {
      results.forEach(function (item, index) {
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
        highlight(text, item.x.length >= 280 ? item.x + "…" : item.x, words);
        link.appendChild(title);
        link.appendChild(text);
        li.appendChild(link);
        list.appendChild(li);
      });
    }
    list.hidden = false;
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

  input.addEventListener("focus", loadManifest);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 80);
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
