// Cairn search: plain JavaScript, no dependencies. The index (search/index.json and the files it
// names) is sharded: a query downloads the word shards of its words, then the files of the pages
// it shows. Ranking: page title > heading > body, a capped term frequency, rarer words weigh
// more, the exact word form beats a stem, a prefix or a near miss; ties go to the more linked-to
// page (the index numbers pages that way). Results are grouped by page.
(function () {
  "use strict";

  // ---- The Snowball English stemmer: a line-by-line port of EnglishStemmer.swift, tested
  // against the same reference vocabulary (Tests/Browser/search_stemmer_test.py). ----
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var REGION_PREFIXES = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"];
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  function longestFirst(list) { return list.sort(function (a, b) { return b[0].length - a[0].length; }); }
  // [suffix, replacement, condition]: "l" after an l, "LI" after c d e g h k m n r t, "R2" in R2.
  var STEP2 = longestFirst([
    ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["entli", "ent"],
    ["izer", "ize"], ["ization", "ize"], ["ational", "ate"], ["ation", "ate"], ["ator", "ate"],
    ["alism", "al"], ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"],
    ["ousness", "ous"], ["iveness", "ive"], ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"],
    ["ogi", "og", "l"], ["fulli", "ful"], ["lessli", "less"], ["ogist", "og"], ["li", "", "LI"]]);
  var STEP3 = longestFirst([
    ["tional", "tion"], ["ational", "ate"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", "", "R2"]]);
  var STEP4 = longestFirst("al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion".split(" ").map(function (suffix) { return [suffix]; }));

  function isVowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  function isVowelWXY(c) { return isVowel(c) || c === "w" || c === "x" || c === "Y"; }
  function afterVowelConsonant(s, from) {
    var index = from;
    while (index < s.length && !isVowel(s[index])) index++;
    if (index >= s.length) return -1;
    index++;
    while (index < s.length && isVowel(s[index])) index++;
    if (index >= s.length) return -1;
    return index + 1;
  }

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3 || !/^[a-z0-9]+$/.test(word)) return word;
    var chars = word.split("");
    if (chars[0] === "y") chars[0] = "Y";
    for (var i = 1; i < chars.length; i++) if (chars[i] === "y" && isVowel(chars[i - 1])) chars[i] = "Y";
    var s = chars.join("");
    var r1 = s.length, r2 = s.length, start = -1;
    for (var p = 0; p < REGION_PREFIXES.length; p++) {
      if (s.indexOf(REGION_PREFIXES[p]) === 0) { start = REGION_PREFIXES[p].length; break; }
    }
    if (start < 0) start = afterVowelConsonant(s, 0);
    if (start >= 0) {
      r1 = start;
      var second = afterVowelConsonant(s, start);
      r2 = second < 0 ? s.length : second;
    }
    function ends(suffix) { return s.length >= suffix.length && s.slice(s.length - suffix.length) === suffix; }
    function hasVowelBefore(end) {
      for (var i = 0; i < end; i++) if (isVowel(s[i])) return true;
      return false;
    }
    function shortSyllable(end) {
      if (end >= 3 && !isVowelWXY(s[end - 1]) && isVowel(s[end - 2]) && !isVowel(s[end - 3])) return true;
      if (end === 2 && !isVowel(s[1]) && isVowel(s[0])) return true;
      return end >= 4 && s.slice(end - 4, end) === "past";
    }
    function deleteVerbSuffix(from) {
      if (!hasVowelBefore(from)) return;
      s = s.slice(0, from);
      if (ends("at") || ends("bl") || ends("iz")) {
        s += "e";
      } else if (s.length >= 2 && DOUBLES.indexOf(s.slice(s.length - 2)) >= 0) {
        if (s.length === 3 && "aeo".indexOf(s[0]) >= 0) return;
        s = s.slice(0, s.length - 1);
      } else if (s.length === r1 && shortSyllable(s.length)) {
        s += "e";
      }
    }
    function replace(rules) {
      for (var i = 0; i < rules.length; i++) {
        var rule = rules[i];
        if (!ends(rule[0])) continue;
        var from = s.length - rule[0].length;
        if (from < r1) return;
        if (rule[2] === "l") { if (from >= 1 && s[from - 1] === "l") s = s.slice(0, from) + rule[1]; }
        else if (rule[2] === "LI") { if (from >= 1 && "cdeghkmnrt".indexOf(s[from - 1]) >= 0) s = s.slice(0, from); }
        else if (rule[2] === "R2") { if (from >= r2) s = s.slice(0, from); }
        else s = s.slice(0, from) + rule[1];
        return;
      }
    }
    // Step 1a
    var n = s.length;
    if (ends("sses")) s = s.slice(0, n - 2);
    else if (ends("ied") || ends("ies")) s = s.slice(0, n - 3) + (n - 3 >= 2 ? "i" : "ie");
    else if (ends("ss") || ends("us")) { /* kept */ }
    else if (ends("s") && n >= 2 && hasVowelBefore(n - 2)) s = s.slice(0, n - 1);
    // Step 1b
    n = s.length;
    if (ends("eedly") || ends("eed")) {
      var from = n - (ends("eedly") ? 5 : 3), before = s.slice(0, from);
      if (from >= r1 && before !== "succ" && before !== "proc" && before !== "exc") s = before + "ee";
    } else if (ends("ing")) {
      if (n - 3 === 2 && s[1] === "y" && !isVowel(s[0])) s = s[0] + "ie";
      else if (["even", "cann", "inn", "earr", "herr", "out"].indexOf(s.slice(0, n - 3)) < 0) deleteVerbSuffix(n - 3);
    } else if (ends("ingly")) {
      deleteVerbSuffix(n - 5);
    } else if (ends("edly")) {
      deleteVerbSuffix(n - 4);
    } else if (ends("ed")) {
      deleteVerbSuffix(n - 2);
    }
    // Step 1c
    n = s.length;
    if (n >= 3 && (s[n - 1] === "y" || s[n - 1] === "Y") && !isVowel(s[n - 2])) s = s.slice(0, n - 1) + "i";
    replace(STEP2);
    replace(STEP3);
    // Step 4
    for (var k = 0; k < STEP4.length; k++) {
      var suffix = STEP4[k][0];
      if (!ends(suffix)) continue;
      var at = s.length - suffix.length;
      if (at >= r2 && (suffix !== "ion" || (at >= 1 && (s[at - 1] === "s" || s[at - 1] === "t")))) s = s.slice(0, at);
      break;
    }
    // Step 5
    var last = s.length - 1;
    if (s[last] === "e") {
      if (last >= r2 || (last >= r1 && !shortSyllable(last))) s = s.slice(0, last);
    } else if (s[last] === "l") {
      if (last >= r2 && last >= 1 && s[last - 1] === "l") s = s.slice(0, last);
    }
    return s.replace(/Y/g, "y");
  }

  // Edit distance with adjacent transpositions, or limit + 1 once it is over `limit`.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var previous2 = null, previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
        row.push(value);
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  var box = document.querySelector(".search");
  var input = box && box.querySelector("input");
  var list = box && box.querySelector(".search-results");
  var root = (box && box.getAttribute("data-root")) || "./";
  var index = null;
  var cache = {};
  var selected = -1;
  var timer = null;
  var generation = 0;
  // The query generation the list shows.
  var drawn = 0;
  var SHOWN = 8, MORE_SECTIONS = 3, SNIPPET = 200;
  // Sections per part file of pages whose text is in parts, as the postings say (by part code).
  var split = {}, SECTIONS_PER_PART = [0, 4, 8, 16];
  // Weights: body, heading, page title; and per kind of match.
  var FIELD = [1, 3, 6], TITLE_WORDS = 4;
  var EXACT = 1, STEM = 0.85, PREFIX = 0.55, NEAR = [0, 0.4, 0.25];

  function loadIndex() {
    if (!index) {
      index = fetch(root + "search/index.json", { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  function getJSON(site, path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path + "?v=" + site.build).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function hex(key) {
    var bytes = new TextEncoder().encode(key), out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  function shard(site, key) {
    return key !== null ? getJSON(site, "search/t/" + hex(key) + ".json") : Promise.resolve(null);
  }

  // Strings in code-point order, as the index sorts them (UTF-16 order differs past U+FFFF).
  function compare(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xFFFF ? 2 : 1;
      j += y > 0xFFFF ? 2 : 1;
    }
    return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
  }

  // The shard that holds `word`: shards are ranges of the sorted words, so the last key at or
  // before it (null before the first).
  function keyOf(site, word) {
    var low = 0, high = site.shards.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (compare(word, site.shards[middle]) < 0) high = middle; else low = middle + 1;
    }
    return low > 0 ? site.shards[low - 1] : null;
  }

  // The same words the index holds: runs of letters and digits, lower-cased, 2+ characters.
  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (term) {
      return Array.from(term).length >= 2;
    });
  }

  function parse(query) {
    var words = [], phrases = [], match, quoted = /"([^"]*)("|$)/g;
    terms(query).forEach(function (word) { if (words.indexOf(word) < 0) words.push(word); });
    while ((match = quoted.exec(query))) {
      var phrase = terms(match[1]);
      if (phrase.length > 1) phrases.push(phrase);
    }
    // The last word is still being typed unless a space or punctuation follows it.
    return { words: words, phrases: phrases, typing: /[\p{L}\p{N}]$/u.test(query) };
  }

  // What one query word matches: index words with a factor for how they match (exact, same
  // stem, longer word while typing, or within one or two edits when nothing else matched).
  function lookup(site, word, typing) {
    var wordStem = stem(word);
    var keys = [keyOf(site, word)];
    if (keyOf(site, wordStem) !== keys[0]) keys.push(keyOf(site, wordStem));
    return Promise.all(keys.map(function (key) { return shard(site, key); })).then(function (shards) {
      // The stem's words are in its shard, unless they lie too far apart in sorted order: then
      // the shards of the ones missing are fetched too.
      var family = [], more = {};
      shards.forEach(function (loaded) { if (loaded && loaded.s[wordStem]) family = loaded.s[wordStem]; });
      family.forEach(function (other) {
        var key = keyOf(site, other);
        if (key !== null && keys.indexOf(key) < 0) more[key] = true;
      });
      return Promise.all(Object.keys(more).map(function (key) { return shard(site, key); })).then(function (extra) {
        return { shards: shards, family: family, all: shards.concat(extra) };
      });
    }).then(function (loaded) {
      var shards = loaded.shards, found = {};
      function add(postings, indexWord, factor) {
        if (!postings) return;
        if (!found[indexWord] || found[indexWord].factor < factor) found[indexWord] = { word: indexWord, factor: factor, postings: postings };
      }
      loaded.family.forEach(function (other) {
        loaded.all.forEach(function (data) { if (data && data.w[other]) add(data.w[other], other, STEM); });
      });
      shards.forEach(function (loaded) {
        if (!loaded) return;
        if (loaded.w[word]) add(loaded.w[word], word, EXACT);
        if (loaded.w[wordStem]) add(loaded.w[wordStem], wordStem, STEM);
        if (typing && word.length >= 3) {
          Object.keys(loaded.w).forEach(function (other) {
            if (other.length > word.length && other.indexOf(word) === 0) add(loaded.w[other], other, PREFIX * word.length / other.length);
          });
        }
      });
      // Nearby spellings when the word itself is not in the index (a stem match alone may be a
      // rarer variant of a misspelling: "specialisation" has "specialised" and "specialization").
      var prefixed = Object.keys(found).some(function (other) { return found[other].factor < STEM; });
      if (found[word] || prefixed) return found;
      return near(site, word, shards).then(function (candidates) {
        candidates.forEach(function (candidate) { add(candidate.postings, candidate.word, NEAR[candidate.distance]); });
        return found;
      });
    });
  }

  // Index words within one edit of `word` (two for words over five letters): from the shards
  // already loaded, and from the few shards a slip in the first three letters points to.
  function near(site, word, loaded) {
    var limit = Array.from(word).length > 5 ? 2 : 1;
    var chars = Array.from(word), keys = {};
    [[1, 2, 3], [0, 2, 3], [0, 1, 3], [1, 0, 2], [0, 2, 1]].forEach(function (order) {
      var key = order.map(function (i) { return chars[i] || ""; }).join("");
      var shardKey = keyOf(site, key);
      if (shardKey !== null) keys[shardKey] = true;
    });
    return Promise.all(Object.keys(keys).map(function (key) { return shard(site, key); })).then(function (more) {
      var best = {};
      loaded.concat(more).forEach(function (shardData) {
        if (!shardData) return;
        Object.keys(shardData.w).forEach(function (other) {
          if (best[other]) return;
          var d = distance(word, other, limit);
          if (d <= limit) best[other] = { word: other, distance: d, postings: shardData.w[other] };
        });
      });
      var candidates = Object.keys(best).map(function (key) { return best[key]; });
      var closest = Math.min.apply(null, candidates.map(function (candidate) { return candidate.distance; }));
      return candidates.filter(function (candidate) { return candidate.distance === closest; });
    });
  }

  // Postings: per page, its number's difference from the previous page's (shifted left by two,
  // the low bits saying the page's text is in parts of 4, 8 or 16 sections), then entries
  // `section << 6 | field << 4 | count << 1 | more` (see SearchIndex.swift).
  function decode(postings, visit) {
    var page = 0, i = 0;
    while (i < postings.length) {
      split[page + (postings[i] >> 2)] = SECTIONS_PER_PART[postings[i] & 3];
      page += postings[i++] >> 2;
      var more = true;
      while (more && i < postings.length) {
        var entry = postings[i++];
        more = (entry & 1) === 1;
        visit(page, entry >> 6, (entry >> 4) & 3, (entry >> 1) & 7);
      }
    }
  }

  // Scores per page and section for one query word: field weight × saturated frequency × rarity
  // × how the word matched, a page title's weight scaled by its length (a short title that is
  // all query beats a long one); the best-matching index word counts per section.
  function score(site, found) {
    var pages = {};
    // Rarity of what the query word stands for: the pages any of its matches is on (a stemmed
    // index would count it so), not each spelling on its own.
    var seen = {}, documents = 0;
    Object.keys(found).forEach(function (key) {
      decode(found[key].postings, function (page) { if (!seen[page]) { seen[page] = true; documents++; } });
    });
    var rarity = Math.log(1 + (site.pages - documents + 0.5) / (documents + 0.5));
    Object.keys(found).forEach(function (key) {
      var match = found[key];
      var sums = {};
      decode(match.postings, function (page, section, field, count) {
        var weight = field === 2 ? FIELD[2] * 2 / (1 + count / TITLE_WORDS) : FIELD[field] * (count * 2.2 / (count + 1.2));
        var bySection = sums[page] || (sums[page] = {});
        bySection[section] = (bySection[section] || 0) + weight * rarity * match.factor;
        var entry = pages[page] || (pages[page] = { sections: {}, field: 0 });
        if (field > entry.field) entry.field = field;
      });
      Object.keys(sums).forEach(function (page) {
        var entry = pages[page];
        Object.keys(sums[page]).forEach(function (section) {
          if (!entry.sections[section] || entry.sections[section] < sums[page][section]) entry.sections[section] = sums[page][section];
        });
      });
    });
    return pages;
  }

  function rank(site, perWord) {
    var counted = {};
    perWord.forEach(function (pages) {
      Object.keys(pages).forEach(function (page) { counted[page] = (counted[page] || 0) + 1; });
    });
    var all = Object.keys(counted).filter(function (page) { return counted[page] === perWord.length; });
    // Every word somewhere on the page; failing that, pages with the most of them.
    var candidates = all.length ? all : Object.keys(counted);
    var results = candidates.map(function (page) {
      var total = 0, field = 0, bySection = {};
      perWord.forEach(function (pages) {
        var entry = pages[page];
        if (!entry) return;
        var best = 0, count = 0;
        Object.keys(entry.sections).forEach(function (section) {
          var value = entry.sections[section];
          bySection[section] = (bySection[section] || 0) + value;
          if (value > best) best = value;
          count++;
        });
        // A page about the word has it in many sections: up to half again, saturating.
        total += best * (1 + 0.5 * (count - 1) / (count + 2));
        if (entry.field > field) field = entry.field;
      });
      var sections = Object.keys(bySection).map(Number).sort(function (a, b) { return bySection[b] - bySection[a] || a - b; });
      // Words together in one section count half again.
      return { page: Number(page), words: counted[page], score: total + 0.5 * bySection[sections[0]], field: field, sections: sections };
    });
    results.sort(function (a, b) {
      return b.words - a.words || b.score - a.score || b.field - a.field || a.page - b.page;
    });
    return results;
  }

  // Page files are in folders of `site.folder` pages, by number.
  function pageFolder(site, page) { return "search/p/" + Math.floor(page / site.folder) + "/" + page; }

  function pageFile(site, page) { return getJSON(site, pageFolder(site, page) + ".json"); }

  function partFile(site, page, section) {
    return getJSON(site, pageFolder(site, page) + "-" + Math.floor(section / split[page]) + ".json");
  }

  // The text of a section: in its page file, or in the part file that holds it (asked for
  // together with the page file, so a result costs one round trip).
  function sectionText(site, page, data, section) {
    if (data.x) return Promise.resolve(data.x[section] || "");
    return partFile(site, page, section).then(function (texts) { return texts[section % split[page]] || ""; });
  }

  function joined(text) { return " " + terms(text).join(" ") + " "; }

  // A query's matched index words and, per result in rank order, a promise of the result with
  // its page file and its best section's text (null when a quoted phrase rules it out).
  function find(text) {
    var query = parse(text);
    if (!query.words.length) return Promise.resolve({ matched: {}, loads: [] });
    return loadIndex().then(function (site) {
      return Promise.all(query.words.map(function (word, position) {
        return lookup(site, word, query.typing && position === query.words.length - 1);
      })).then(function (founds) {
        var matched = {};
        // A word with no match at all is dropped rather than emptying the results.
        var kept = founds.filter(function (found) { return Object.keys(found).length > 0; });
        kept.forEach(function (found) { Object.keys(found).forEach(function (word) { matched[word] = true; }); });
        var ranked = kept.length ? rank(site, kept.map(function (found) { return score(site, found); })) : [];
        var shown = ranked.slice(0, query.phrases.length ? 20 : SHOWN);
        // Each result needs its page file and its best section's text, asked for together.
        var loads = shown.map(function (result) {
          if (split[result.page]) partFile(site, result.page, result.sections[0]).catch(function () {});
          return pageFile(site, result.page).then(function (data) {
            result.data = data;
            if (!query.phrases.length) return result;
            // A quoted phrase must appear in a section the page's words share.
            return Promise.all(result.sections.map(function (section) {
              return sectionText(site, result.page, data, section).then(function (text) {
                var words = joined(text);
                return query.phrases.every(function (phrase) { return words.indexOf(" " + phrase.join(" ") + " ") >= 0; }) ? section : -1;
              });
            })).then(function (withPhrase) {
              result.sections = withPhrase.filter(function (section) { return section >= 0; });
              return result.sections.length ? result : null;
            });
          }).then(function (loaded) {
            if (!loaded) return null;
            return sectionText(site, loaded.page, loaded.data, loaded.sections[0]).then(function (text) {
              loaded.text = text;
              return loaded;
            });
          });
        });
        return { matched: matched, loads: loads };
      });
    });
  }

  function search() {
    var current = ++generation;
    if (!terms(input.value).length) { render([], {}); return; }
    find(input.value).then(function (found) {
      // Shown as they arrive, in rank order: the first result does not wait for the eighth.
      var ready = [];
      function next(position) {
        if (position >= found.loads.length || ready.length >= SHOWN) {
          if (current === generation && !ready.length) render([], found.matched);
          return null;
        }
        return found.loads[position].then(function (result) {
          if (current !== generation) return null;
          if (result) {
            ready.push(result);
            render(ready, found.matched);
          }
          return next(position + 1);
        });
      }
      return next(0);
    }).catch(function () {
      if (current === generation) render(null, {});
    });
  }

  // Appends `text` to `parent`, wrapping each whole word the query matched in <mark>.
  function highlight(parent, text, matched) {
    var word = /[\p{L}\p{N}]+/gu, position = 0, found;
    while ((found = word.exec(text))) {
      if (!matched[found[0].toLowerCase()]) continue;
      if (found.index > position) parent.appendChild(document.createTextNode(text.slice(position, found.index)));
      var mark = document.createElement("mark");
      mark.textContent = found[0];
      parent.appendChild(mark);
      position = found.index + found[0].length;
    }
    if (position < text.length) parent.appendChild(document.createTextNode(text.slice(position)));
  }

  // About SNIPPET characters of `text` around its first matched word, cut at spaces.
  function snippet(text, matched) {
    var word = /[\p{L}\p{N}]+/gu, found, at = 0;
    while ((found = word.exec(text))) {
      if (matched[found[0].toLowerCase()]) { at = found.index; break; }
    }
    var start = Math.max(0, at - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : at;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end);
      if (back > at) end = back;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function option(href, className) {
    var li = document.createElement("li");
    li.setAttribute("role", "option");
    li.id = "search-result-" + list.children.length;
    if (className) li.className = className;
    var link = document.createElement("a");
    link.href = href;
    li.appendChild(link);
    list.appendChild(li);
    return link;
  }

  // Draws the results; a selection made while later results arrive is kept.
  function render(results, matched) {
    var keep = results && results.length && drawn === generation ? selected : -1;
    drawn = generation;
    list.textContent = "";
    selected = -1;
    var open = input.value.trim() !== "";
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { list.hidden = true; return; }
    if (!results || !results.length) {
      var empty = document.createElement("li");
      empty.className = "search-empty";
      empty.textContent = results ? "No results" : "Search is unavailable";
      list.appendChild(empty);
    } else {
      results.forEach(function (result) {
        var data = result.data, best = result.sections[0];
        var heading = data.s[best] ? data.s[best][0] : "", anchor = data.s[best] ? data.s[best][1] : "";
        var link = option(root + data.u + (best > 0 && anchor ? "#" + anchor : ""), "search-page");
        var title = document.createElement("span");
        title.className = "search-title";
        highlight(title, best > 0 && heading && heading !== data.t ? data.t + " › " + heading : data.t, matched);
        var text = document.createElement("span");
        text.className = "search-snippet";
        highlight(text, snippet(result.text, matched), matched);
        link.appendChild(title);
        link.appendChild(text);
        result.sections.slice(1, 1 + MORE_SECTIONS).forEach(function (section) {
          var entry = data.s[section];
          if (!entry || !entry[0]) return;
          var sub = option(root + data.u + (entry[1] ? "#" + entry[1] : ""), "search-section");
          var label = document.createElement("span");
          label.className = "search-title";
          highlight(label, entry[0], matched);
          sub.appendChild(label);
        });
      });
    }
    list.hidden = false;
    if (keep >= 0) {
      var options = list.querySelectorAll("[role=option]");
      if (keep < options.length) {
        selected = keep;
        options[keep].setAttribute("aria-selected", "true");
      }
    }
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

  // For tests: the stemmer, the edit distance, and the search without its box (results with
  // their page data, once all have loaded), from a site root.
  window.CairnSearch = {
    stem: stem,
    distance: distance,
    find: function (text, siteRoot) {
      if (siteRoot) root = siteRoot;
      return find(text).then(function (found) {
        return Promise.all(found.loads).then(function (results) { return results.filter(Boolean).slice(0, SHOWN); });
      });
    }
  };
  if (!box) return;

  input.addEventListener("focus", function () { loadIndex().catch(function () {}); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 20);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Enter") {
      var options = list.querySelectorAll("[role=option] a");
      var target = options[selected >= 0 ? selected : 0];
      if (target) { event.preventDefault(); window.location.href = target.href; }
    } else if (event.key === "Escape") { input.value = ""; render([], {}); input.blur(); }
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
