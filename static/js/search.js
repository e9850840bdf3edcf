/* dvarchive search page: results in the article's own spelling.
 *
 * Pagefind folds tone and vowel marks but not "đ", so the index holds each
 * article's words with đ folded to d (src/dvarchive/stages/search.py), and
 * the query is folded the same way (foldTerm): "dang" and "Đặng" both find
 * "Đặng". Pagefind's own excerpt would show that folded copy ("Xây dựng
 * Dảng"), so each result's excerpt is made again (readableResult) from the
 * text as the article writes it, at the words Pagefind matched: the indexed
 * words, with those that folding changed spelt again from the "written"
 * metadata (its word count, then the places of the words whose every d was
 * đ, and words spelt in full after a colon). The excerpt comes from the
 * summary and body; the headline is the result's title, and the names of the
 * "Trong bài" box, indexed after the text, are never shown.
 */
(function () {
  "use strict";

  var EXCERPT_WORDS = 30; // Pagefind's own length

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function unfold(word) {
    return word.replace(/d/g, "đ").replace(/D/g, "Đ");
  }

  function words(text) {
    return text.split(/\s+/).filter(Boolean);
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Where the excerpt starts, between first and end (word positions): as
  // Pagefind chooses it, the middle of the windows whose matches score most.
  function excerptStart(matches, first, end, length) {
    if (end - first <= length || !matches.length) {
      return first;
    }
    var score = [];
    for (var i = first; i < end; i++) {
      score.push(0);
    }
    matches.forEach(function (m) {
      score[m.location - first] += m.balanced_score || 1;
    });
    var sum = 0;
    for (var w = 0; w < length; w++) {
      sum += score[w];
    }
    var best = sum;
    var bestAt = [0];
    for (var s = 1; s + length <= score.length; s++) {
      sum += score[s + length - 1] - score[s - 1];
      if (sum > best) {
        best = sum;
        bestAt = [s];
      } else if (sum === best && bestAt[bestAt.length - 1] === s - 1) {
        bestAt.push(s);
      }
    }
    return first + bestAt[Math.floor(bestAt.length / 2)];
  }

  // The text as written, from the indexed words (from "first" on) and the
  // "written" metadata (search.py: written_spelling); null when they disagree.
  function writtenWords(indexed, first, spelling) {
    var entries = words(spelling);
    var count = parseInt(entries[0], 10);
    if (!(count >= 0) || indexed.length < first + count) {
      return null;
    }
    var written = indexed.slice(first, first + count);
    for (var e = 1; e < entries.length; e++) {
      var colon = entries[e].indexOf(":");
      var place = parseInt(colon < 0 ? entries[e] : entries[e].slice(0, colon), 10);
      if (!(place >= 0 && place < count)) {
        return null;
      }
      var word = colon < 0 ? unfold(written[place]) : entries[e].slice(colon + 1);
      // Pagefind may end a word with a full stop of its own (the text's last).
      if (indexed[first + place].slice(0, word.length) !== fold(word)) {
        return null;
      }
      written[place] = word;
    }
    return written;
  }

  // Pagefind UI's processResult: the excerpt from the text as written.
  function readableResult(result) {
    var meta = result.meta || {};
    var spelling = meta.written;
    delete meta.written; // not a tag to show under the result
    if (typeof spelling !== "string" || typeof result.content !== "string") {
      return result;
    }
    // The indexed words, as Pagefind numbers them: the headline, the text, the names.
    var indexed = result.content.replace(/\u200B/g, "").split(/[\r\n\s]+/g);
    var first = words(meta.title || "").length;
    var written = writtenWords(indexed, first, spelling);
    if (written === null) {
      return result; // not the document search.py writes: Pagefind's excerpt as it is
    }
    var end = first + written.length;
    var matches = (result.weighted_locations || []).filter(function (m) {
      return m.location >= first && m.location < end;
    });
    var marked = {};
    matches.forEach(function (m) {
      marked[m.location] = true;
    });
    var start = excerptStart(matches, first, end, EXCERPT_WORDS);
    var shown = [];
    for (var at = start; at < Math.min(start + EXCERPT_WORDS, end); at++) {
      var word = escapeHtml(written[at - first]);
      shown.push(marked[at] ? "<mark>" + word + "</mark>" : word);
    }
    result.excerpt = shown.join(" ");
    return result;
  }

  window.dvarchiveSearch = { foldTerm: fold, readableResult: readableResult };
})();
