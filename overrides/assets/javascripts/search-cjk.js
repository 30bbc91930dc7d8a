/*
 * Queries for Material's search, as the index built by hooks/search_index.py expects them.
 *
 * Material sends what is typed in the search box to its search worker. Before it goes,
 * this script rewrites it:
 *
 * - each run of Chinese characters becomes its overlapping character pairs, all
 *   required: 从严治党 -> +从严 +严治 +治党. The index holds the same pairs (hidden
 *   field "grams"), so any part of a compound is found (治党 in 从严治党, 一课 in
 *   三会一课), and a longer query finds the paragraphs that contain it. A single
 *   character finds the pairs it starts;
 * - every other word is required too, as a prefix (+word*): all the words typed must
 *   be in a result, where Material would list anything containing any one of them.
 *
 * Material's own handling of Chinese queries (splitting a run at the index's words)
 * leaves two-character runs alone as long as no single Han character is an index term,
 * which the index guarantees.
 *
 * In the result list, the query's Chinese runs are marked as a whole (Material marks each
 * word equal to a pair), and result links carry them as the words to highlight on the
 * target page (Material would send the pairs, and mark 店小 but not 二 of 店小二).
 *
 * Only an index whose config says "cjk": "bigram" is queried this way.
 */
(function () {
  "use strict"

  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g
  var HAS_HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
  var SETUP = 0, QUERY = 2
  var enabled = false
  var separator = /[\s\-]+/
  var runs = []

  function rewrite(query) {
    var terms = []
    function add(term) {
      if (terms.indexOf(term) < 0)
        terms.push(term)
    }
    runs = []
    var rest = query.replace(HAN, function (run) {
      runs.push(run)
      if (run.length === 1)
        add("+" + run + "*")
      for (var i = 0; i + 1 < run.length; i++)
        add("+" + run.slice(i, i + 2))
      return " "
    })
    rest.split(separator).forEach(function (word) {
      word = word.replace(/[+\-*~^:"]/g, "")
      if (word)
        add("+" + word + "*")
    })
    return terms.join(" ")
  }

  var post = Worker.prototype.postMessage
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments)
    if (message && message.type === SETUP && message.data && message.data.config) {
      enabled = message.data.config.cjk === "bigram"
      if (enabled)
        separator = new RegExp(message.data.config.separator)
    } else if (enabled && message && message.type === QUERY && typeof message.data === "string") {
      args[0] = { type: QUERY, data: rewrite(message.data) }
    }
    return post.apply(this, args)
  }

  /* Highlight the query's own Chinese runs (not its pairs) on the result's page */
  function fixLink(link) {
    try {
      var url = new URL(link.href)
      if (!url.searchParams.has("h"))
        return
      var words = url.searchParams.get("h").split(" ").filter(function (word) {
        return word && !HAS_HAN.test(word)
      })
      url.searchParams.set("h", runs.concat(words).join(" "))
      link.href = url.toString()
    } catch (err) {
      /* leave the link as Material made it */
    }
  }

  /* Mark the query's Chinese runs in the result (Material marks each word that equals
     one of the pairs, 工作 of 驻村工作队 wherever it occurs); the index text has invisible
     word separators (U+200B, U+2060) between the characters of a run */
  function fixMarks(article) {
    var marks = article.querySelectorAll("mark")
    for (var i = 0; i < marks.length; i++)
      if (HAS_HAN.test(marks[i].textContent))
        marks[i].replaceWith(document.createTextNode(marks[i].textContent))
    article.normalize()
    var pattern = new RegExp(runs.map(function (run) {
      return run.split("").join("[\u200b\u2060]*")
    }).join("|"), "g")
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT)
    var nodes = []
    for (var node = walker.nextNode(); node; node = walker.nextNode())
      if (!(node.parentNode && node.parentNode.nodeName === "MARK"))
        nodes.push(node)
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, match, parts = []
      pattern.lastIndex = 0
      while ((match = pattern.exec(text))) {
        parts.push(document.createTextNode(text.slice(last, match.index)))
        var mark = document.createElement("mark")
        mark.textContent = match[0]
        parts.push(mark)
        last = match.index + match[0].length
      }
      if (parts.length) {
        parts.push(document.createTextNode(text.slice(last)))
        node.replaceWith.apply(node, parts)
      }
    })
  }

  function fixResult(node) {
    if (!runs.length || !node.querySelectorAll)
      return
    node.querySelectorAll("a.md-search-result__link").forEach(function (link) {
      fixLink(link)
      var article = link.querySelector("article")
      if (article)
        fixMarks(article)
    })
  }

  function watchResults() {
    var list = document.querySelector(".md-search-result__list")
    if (!list || typeof MutationObserver === "undefined")
      return
    new MutationObserver(function (mutations) {
      if (!enabled)
        return
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(fixResult)
      })
    }).observe(list, { childList: true })
  }

  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", watchResults)
  else
    watchResults()
})()
